import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ASSIGNABLE_ROLES, AssignableRole } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

@Schema({ collection: 'memberships', timestamps: true })
export class MembershipRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  userId!: Types.ObjectId;

  /** The owner's effective role comes from `teams.ownerId`; this is the role they fall back to after a transfer. */
  @Prop({ type: String, required: true, enum: ASSIGNABLE_ROLES })
  role!: AssignableRole;

  createdAt!: Date;
  updatedAt!: Date;
}

export type MembershipDocument = HydratedDocument<MembershipRecord>;
export const MembershipSchema = SchemaFactory.createForClass(MembershipRecord);
MembershipSchema.index({ teamId: 1, userId: 1 }, { unique: true });
