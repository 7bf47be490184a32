import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { GIT_CREDENTIAL_STATUSES } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import type { EncryptedString } from '../vault/encrypted-string';

export const GIT_CREDENTIAL_ENCRYPTED_FIELDS = ['token'] as const;

export function gitCredentialSecretContext(id: Types.ObjectId | string, field: (typeof GIT_CREDENTIAL_ENCRYPTED_FIELDS)[number]): string {
  return `git_credentials:${id.toString()}:${field}`;
}

/** One team's access token for one git host; the token is vault ciphertext and never leaves unmasked. */
@Schema({ collection: 'git_credentials', timestamps: true })
export class GitCredentialRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true, lowercase: true })
  host!: string;

  @Prop({ required: true })
  username!: string;

  @Prop({ type: String, required: true })
  token!: EncryptedString;

  /** First characters of the token (provider prefix such as ghp_), shown masked. */
  @Prop({ required: true })
  tokenHint!: string;

  @Prop({ type: String, default: null })
  label!: string | null;

  /** A repository (clean URL) to validate against when the host has no known provider API. */
  @Prop({ type: String, default: null })
  sampleRepoUrl!: string | null;

  @Prop({ type: String, enum: GIT_CREDENTIAL_STATUSES, default: 'untested' })
  status!: (typeof GIT_CREDENTIAL_STATUSES)[number];

  @Prop({ type: Date, default: null })
  lastValidatedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type GitCredentialDocument = HydratedDocument<GitCredentialRecord>;
export const GitCredentialSchema = SchemaFactory.createForClass(GitCredentialRecord);
GitCredentialSchema.index({ teamId: 1, host: 1 });
