import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { WORKSPACE_STATUSES, WorkspaceStatus } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import type { EncryptedString } from '../vault/encrypted-string';

export const WORKSPACE_ENCRYPTED_FIELDS = ['dbPassword', 'adminPassword', 'env'] as const;
export type WorkspaceEncryptedField = (typeof WORKSPACE_ENCRYPTED_FIELDS)[number];

export function workspaceSecretContext(workspaceId: Types.ObjectId | string, field: WorkspaceEncryptedField): string {
  return `workspaces:${workspaceId.toString()}:${field}`;
}

/** A held operation: a second mutating call finds it and fails at once with WORKSPACE_BUSY. */
export interface WorkspaceLock {
  token: string;
  operation: string;
  expiresAt: Date;
}

@Schema({ collection: 'workspaces', timestamps: true })
export class WorkspaceRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true })
  teamSlug!: string;

  @Prop({ required: true })
  name!: string;

  @Prop({ required: true })
  containerName!: string;

  @Prop({ required: true })
  networkName!: string;

  @Prop({ required: true })
  image!: string;

  @Prop({ type: String, default: null })
  repoUrl!: string | null;

  @Prop({ type: String, default: null })
  branch!: string | null;

  @Prop({ type: String, default: null })
  commit!: string | null;

  @Prop({ type: SchemaTypes.ObjectId, default: null })
  gitCredentialId!: Types.ObjectId | null;

  @Prop({ type: String, default: null })
  template!: string | null;

  @Prop({ required: true })
  database!: string;

  @Prop({ required: true })
  role!: string;

  @Prop({ type: String, required: true })
  dbPassword!: EncryptedString;

  @Prop({ type: String, required: true })
  adminPassword!: EncryptedString;

  /** JSON object of the workspace's environment variables, encrypted as one value. */
  @Prop({ type: String, required: true })
  env!: EncryptedString;

  @Prop({ type: [String], default: [] })
  envKeys!: string[];

  /** Modules Gantry has installed (the database's own ir_module_module is preferred when readable). */
  @Prop({ type: [String], default: [] })
  modules!: string[];

  @Prop({ type: Number, default: null })
  port!: number | null;

  @Prop({ type: String, enum: WORKSPACE_STATUSES, default: 'creating' })
  status!: WorkspaceStatus;

  @Prop({ type: Date, default: () => new Date() })
  lastActivityAt!: Date;

  @Prop({ type: Object, default: null })
  lock!: WorkspaceLock | null;

  @Prop({ type: String, default: null })
  mcpTokenHash!: string | null;

  @Prop({ type: Date, default: null })
  mcpTokenCreatedAt!: Date | null;

  /** The member who issued the token; calls made with it act as them (and stop when they leave the team). */
  @Prop({ type: String, default: null })
  mcpTokenIssuedBy!: string | null;

  /** Set when the record was rebuilt from engine labels after it was lost. */
  @Prop({ type: Boolean, default: false })
  recovered!: boolean;

  createdAt!: Date;
  updatedAt!: Date;
}

export type WorkspaceDocument = HydratedDocument<WorkspaceRecord>;
export const WorkspaceSchema = SchemaFactory.createForClass(WorkspaceRecord);
WorkspaceSchema.index({ teamId: 1, name: 1 }, { unique: true });
WorkspaceSchema.index({ containerName: 1 }, { unique: true });
WorkspaceSchema.index({ port: 1 }, { unique: true, partialFilterExpression: { port: { $type: 'number' } } });
WorkspaceSchema.index({ mcpTokenHash: 1 }, { sparse: true });
