import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { AUDIT_RETENTION_DAYS_DEFAULT, McpPolicy } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

@Schema({ collection: 'teams', timestamps: true })
export class TeamRecord {
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  slug!: string;

  @Prop({ required: true, trim: true })
  name!: string;

  /**
   * The single owner lives on the team document, so "exactly one owner" holds by construction and a
   * transfer is one atomic single-document update (no multi-document transaction needed).
   */
  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  ownerId!: Types.ObjectId;

  @Prop({ type: Object, default: () => ({ auditRetentionDays: AUDIT_RETENTION_DAYS_DEFAULT }) })
  settings!: { auditRetentionDays: number; mcpPolicy?: McpPolicy };

  createdAt!: Date;
  updatedAt!: Date;
}

export type TeamDocument = HydratedDocument<TeamRecord>;
export const TeamSchema = SchemaFactory.createForClass(TeamRecord);
