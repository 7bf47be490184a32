import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ASSIGNABLE_ROLES, AssignableRole } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

@Schema({ collection: 'invitations', timestamps: true })
export class InvitationRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true, lowercase: true, trim: true })
  email!: string;

  @Prop({ type: String, required: true, enum: ASSIGNABLE_ROLES })
  role!: AssignableRole;

  /** SHA-256 of the token; the token itself exists only in the link shown once to the inviter. */
  @Prop({ required: true, unique: true })
  tokenHash!: string;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  invitedBy!: Types.ObjectId;

  @Prop({ required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  acceptedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type InvitationDocument = HydratedDocument<InvitationRecord>;
export const InvitationSchema = SchemaFactory.createForClass(InvitationRecord);
// TTL removes expired invitations on a real MongoDB; InvitationsService.purgeExpired does it everywhere else.
InvitationSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
