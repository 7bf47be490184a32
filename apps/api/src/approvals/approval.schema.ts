import { Prop, raw, Schema, SchemaFactory } from '@nestjs/mongoose';
import { APPROVAL_STATUSES, ApprovalStatus, AUDIT_CREDENTIAL_TYPES, AuditCredentialType, Role, ROLES } from '@gantry/contracts';
import { SchemaTypes, Types } from 'mongoose';
import type { EncryptedString } from '../vault/encrypted-string';

export const APPROVAL_ENCRYPTED_FIELDS = ['arguments', 'result'] as const;
export type ApprovalEncryptedField = (typeof APPROVAL_ENCRYPTED_FIELDS)[number];

/** The vault's additional data: a ciphertext copied into another approval or field does not decrypt. */
export function approvalSecretContext(approvalId: Types.ObjectId | string, field: ApprovalEncryptedField): string {
  return `approvals:${approvalId.toString()}:${field}`;
}

/** Who asked, as they were when they asked; their credential is checked again before the call runs. */
export interface ApprovalRequesterRecord {
  userId: Types.ObjectId;
  name: string | null;
  email: string | null;
  role: Role;
  credential: {
    type: AuditCredentialType;
    id: string;
    label: string | null;
    /** What the credential carried when it asked: an OAuth token's scopes cannot be read again from its grant. */
    scopes: string[];
  };
  workspace: { id: string; name: string } | null;
  mcpSessionId: string | null;
  requestId: string | null;
}

/**
 * One destructive tool call held for approval. Owned by ApprovalsService: every change of `status`
 * is one conditional findOneAndUpdate, so a call is decided once and runs at most once. The
 * arguments and the result may hold business data and secrets: they are vault ciphertext.
 */
@Schema({ collection: 'approvals', versionKey: false })
export class ApprovalRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  tool!: string;

  @Prop({ type: String, default: null })
  model!: string | null;

  /** JSON of the validated arguments. */
  @Prop({ type: String, required: true })
  arguments!: EncryptedString;

  @Prop(
    raw({
      userId: { type: SchemaTypes.ObjectId, required: true },
      name: { type: String, default: null },
      email: { type: String, default: null },
      role: { type: String, enum: ROLES, required: true },
      credential: {
        type: { type: String, enum: AUDIT_CREDENTIAL_TYPES, required: true },
        id: { type: String, required: true },
        label: { type: String, default: null },
        scopes: { type: [String], default: [] },
      },
      workspace: { type: Object, default: null },
      mcpSessionId: { type: String, default: null },
      requestId: { type: String, default: null },
    }),
  )
  requester!: ApprovalRequesterRecord;

  @Prop({ type: String, enum: APPROVAL_STATUSES, required: true })
  status!: ApprovalStatus;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  decidedAt!: Date | null;

  @Prop({ type: Object, default: null })
  decidedBy!: { userId: string; name: string | null; email: string | null } | null;

  @Prop({ type: String, default: null })
  reason!: string | null;

  @Prop({ type: Date, default: null })
  finishedAt!: Date | null;

  /** JSON of the executed call's result (bounded, see ApprovalsService). */
  @Prop({ type: String, default: null })
  result!: EncryptedString | null;

  @Prop({ type: Boolean, default: false })
  resultTruncated!: boolean;

  @Prop(raw({ code: String, message: String }))
  error!: { code: string; message: string } | null;

  /** When the record goes: removed by the TTL index where the server honours it, else by the purge job. */
  @Prop({ type: Date, required: true })
  purgeAt!: Date;
}

export type ApprovalDocument = ApprovalRecord & { _id: Types.ObjectId };

export const ApprovalSchema = SchemaFactory.createForClass(ApprovalRecord);
// Lists are one team's, newest first, optionally by status; _id orders records made in the same millisecond.
ApprovalSchema.index({ teamId: 1, _id: -1 });
ApprovalSchema.index({ teamId: 1, status: 1, _id: -1 });
ApprovalSchema.index({ status: 1, expiresAt: 1 });
ApprovalSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });
