import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Scope, SCOPES } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/** One API key of one user in one team. The secret itself is never stored, only its SHA-256. */
@Schema({ collection: 'api_keys', timestamps: { createdAt: true, updatedAt: false } })
export class ApiKeyRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ required: true, trim: true })
  name!: string;

  /** The characters right after `gnt_live_`: lets people recognise a key in a list, useless to use it. */
  @Prop({ required: true })
  prefixId!: string;

  /** SHA-256 hex of the whole key; the unique index makes authentication one indexed lookup. */
  @Prop({ required: true, unique: true })
  keyHash!: string;

  @Prop({ type: [String], enum: SCOPES, required: true })
  scopes!: Scope[];

  /** Tool names an admin narrowed the key to; null: every tool its scopes allow. */
  @Prop({ type: [String], default: null })
  tools!: string[] | null;

  /** Odoo models an admin narrowed the key to; null: every model the team policy allows. */
  @Prop({ type: [String], default: null })
  models!: string[] | null;

  @Prop({ type: Date, default: null })
  expiresAt!: Date | null;

  /** Written in batches off the request path, so it may trail real use by a few seconds. */
  @Prop({ type: Date, default: null })
  lastUsedAt!: Date | null;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  createdAt!: Date;
}

export type ApiKeyDocument = HydratedDocument<ApiKeyRecord>;
export const ApiKeySchema = SchemaFactory.createForClass(ApiKeyRecord);
ApiKeySchema.index({ teamId: 1, userId: 1, createdAt: -1 });
