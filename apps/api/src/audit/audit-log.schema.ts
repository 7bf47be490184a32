import { Prop, raw, Schema, SchemaFactory } from '@nestjs/mongoose';
import { AUDIT_CREDENTIAL_TYPES, AUDIT_STATUSES, AuditCredentialType, AuditStatus } from '@gantry/contracts';
import { SchemaTypes, Types } from 'mongoose';

/**
 * One MCP tool call. Written only by the AuditWriter (insertMany of plain documents), read by the
 * audit-log routes; `params`/`result` are already redacted and bounded when they get here.
 */
@Schema({ collection: 'audit_logs', versionKey: false })
export class AuditLogRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  time!: Date;

  @Prop({ type: String, required: true })
  tool!: string;

  @Prop({ type: String, default: null })
  model!: string | null;

  @Prop({ type: String, enum: AUDIT_STATUSES, required: true })
  status!: AuditStatus;

  @Prop({ type: Number, required: true })
  durationMs!: number;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  userId!: Types.ObjectId;

  /** Name and email as they were at the time of the call, so the log survives renames and deletions. */
  @Prop({ type: String, default: null })
  userName!: string | null;

  @Prop({ type: String, default: null })
  userEmail!: string | null;

  @Prop(raw({ type: { type: String, enum: AUDIT_CREDENTIAL_TYPES }, id: String, label: String }))
  credential!: { type: AuditCredentialType; id: string; label: string | null };

  @Prop({ type: String, default: null })
  mcpSessionId!: string | null;

  @Prop({ type: String, default: null })
  requestId!: string | null;

  @Prop({ type: SchemaTypes.Mixed, default: null })
  params!: unknown;

  @Prop({ type: SchemaTypes.Mixed, default: null })
  result!: unknown;

  @Prop({ type: Boolean, default: false })
  resultTruncated!: boolean;

  @Prop(raw({ code: String, message: String }))
  error!: { code: string; message: string } | null;

  /** The approval a held call created, or that an approved call ran under. */
  @Prop({ type: String, default: null })
  approvalId?: string | null;

  /** time + the team's retention; removed by the TTL index where the server honours it, else by the purge job. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type AuditLogDocument = AuditLogRecord & { _id: Types.ObjectId };

export const AuditLogSchema = SchemaFactory.createForClass(AuditLogRecord);
// Every read is one team's, newest first; _id breaks ties in time so cursor pages are exact.
AuditLogSchema.index({ teamId: 1, time: -1, _id: -1 });
AuditLogSchema.index({ teamId: 1, tool: 1, time: -1 });
AuditLogSchema.index({ teamId: 1, status: 1, time: -1 });
AuditLogSchema.index({ teamId: 1, userId: 1, time: -1 });
AuditLogSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
