import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/** The per-team lock held while a workspace is created or deleted, so slot counting is exact. */
@Schema({ collection: 'workspace_team_locks' })
export class WorkspaceTeamLockRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true, unique: true })
  teamId!: Types.ObjectId;

  @Prop({ type: String, default: null })
  token!: string | null;

  @Prop({ type: Date, default: null })
  expiresAt!: Date | null;
}

export type WorkspaceTeamLockDocument = HydratedDocument<WorkspaceTeamLockRecord>;
export const WorkspaceTeamLockSchema = SchemaFactory.createForClass(WorkspaceTeamLockRecord);
