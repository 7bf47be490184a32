import { Prop, raw, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ACTIVITY_OUTCOMES, ActivityChange, ActivityOutcome, AUDIT_CREDENTIAL_TYPES, AuditCredentialType } from '@gantry/contracts';
import { SchemaTypes, Types } from 'mongoose';

/**
 * One entry of the admin trail: a REST change, a refused authorization, or a sign-in event.
 * Written only by the ActivityWriter (already redacted and bounded), read by the activity routes.
 */
@Schema({ collection: 'activity_logs', versionKey: false })
export class ActivityLogRecord {
  /** null: an account event (sign-ins, sessions, refusals outside the caller's teams). */
  @Prop({ type: SchemaTypes.ObjectId, default: null })
  teamId!: Types.ObjectId | null;

  @Prop({ type: Date, required: true })
  time!: Date;

  @Prop({ type: String, required: true })
  action!: string;

  @Prop({ type: String, default: null })
  route!: string | null;

  @Prop(raw({ resource: String, id: String, label: String }))
  target!: { resource: string; id: string | null; label: string | null } | null;

  /** Whose trail it is; null for a failed sign-in with an email that has no account. */
  @Prop({ type: SchemaTypes.ObjectId, default: null })
  userId!: Types.ObjectId | null;

  /** As they were at the time, so the trail survives renames and deletions. */
  @Prop({ type: String, default: null })
  userName!: string | null;

  @Prop({ type: String, default: null })
  userEmail!: string | null;

  @Prop(raw({ type: { type: String, enum: AUDIT_CREDENTIAL_TYPES }, id: String, label: String }))
  credential!: { type: AuditCredentialType; id: string; label: string | null } | null;

  @Prop({ type: String, default: null })
  ip!: string | null;

  @Prop({ type: String, default: null })
  userAgent!: string | null;

  @Prop({ type: String, enum: ACTIVITY_OUTCOMES, required: true })
  outcome!: ActivityOutcome;

  @Prop({ type: Number, default: null })
  status!: number | null;

  @Prop(raw({ code: String, message: String }))
  error!: { code: string; message: string } | null;

  @Prop({ type: SchemaTypes.Mixed, default: [] })
  changes!: ActivityChange[];

  @Prop({ type: SchemaTypes.Mixed, default: null })
  details!: Record<string, unknown> | null;

  /** time + the team's audit retention (or the account events' retention); purged by the TTL index or the purge job. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type ActivityLogDocument = ActivityLogRecord & { _id: Types.ObjectId };

export const ActivityLogSchema = SchemaFactory.createForClass(ActivityLogRecord);
// Reads are one team's (or one user's account events, teamId null), newest first; _id breaks ties in time.
ActivityLogSchema.index({ teamId: 1, time: -1, _id: -1 });
ActivityLogSchema.index({ teamId: 1, userId: 1, time: -1 });
ActivityLogSchema.index({ teamId: 1, action: 1, time: -1 });
ActivityLogSchema.index({ teamId: 1, outcome: 1, time: -1 });
ActivityLogSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
