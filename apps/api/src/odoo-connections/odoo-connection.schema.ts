import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ODOO_CONNECTION_STATUSES, OdooConnectionStatus } from '@gantry/contracts';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import type { EncryptedString } from '../vault/encrypted-string';

/** Fields held only as vault ciphertext; the record id and field name are authenticated with each. */
export const ODOO_CONNECTION_ENCRYPTED_FIELDS = ['url', 'database', 'login', 'secret'] as const;
export type OdooConnectionEncryptedField = (typeof ODOO_CONNECTION_ENCRYPTED_FIELDS)[number];

export function odooConnectionSecretContext(connectionId: Types.ObjectId | string, field: OdooConnectionEncryptedField): string {
  return `odoo_connections:${connectionId.toString()}:${field}`;
}

@Schema({ collection: 'odoo_connections', timestamps: true })
export class OdooConnectionRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true, unique: true })
  teamId!: Types.ObjectId;

  @Prop({ required: true, trim: true })
  name!: string;

  @Prop({ type: String, required: true })
  url!: EncryptedString;

  @Prop({ type: String, required: true })
  database!: EncryptedString;

  @Prop({ type: String, required: true })
  login!: EncryptedString;

  @Prop({ type: String, required: true })
  secret!: EncryptedString;

  @Prop({ type: String, enum: ODOO_CONNECTION_STATUSES, default: 'untested' })
  status!: OdooConnectionStatus;

  @Prop({ type: Date, default: null })
  lastCheckedAt!: Date | null;

  @Prop({ type: Object, default: null })
  lastError!: { code: string; message: string } | null;

  @Prop({ type: String, default: null })
  serverVersion!: string | null;

  @Prop({ type: Object, default: null })
  odooUser!: { uid: number; name: string } | null;

  @Prop({ type: [Object], default: [] })
  companies!: Array<{ id: number; name: string }>;

  createdAt!: Date;
  updatedAt!: Date;
}

export type OdooConnectionDocument = HydratedDocument<OdooConnectionRecord>;
export const OdooConnectionSchema = SchemaFactory.createForClass(OdooConnectionRecord);
