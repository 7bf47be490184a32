import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import type { EncryptedString } from '../vault/encrypted-string';

export const ODOO_IDENTITY_ENCRYPTED_FIELDS = ['login', 'secret'] as const;
export type OdooIdentityEncryptedField = (typeof ODOO_IDENTITY_ENCRYPTED_FIELDS)[number];

export function odooIdentitySecretContext(identityId: Types.ObjectId | string, field: OdooIdentityEncryptedField): string {
  return `odoo_identities:${identityId.toString()}:${field}`;
}

/** One member's own Odoo credentials in one team; login and secret are vault ciphertext. */
@Schema({ collection: 'odoo_identities', timestamps: true })
export class OdooIdentityRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  teamId!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  login!: EncryptedString;

  @Prop({ type: String, required: true })
  secret!: EncryptedString;

  @Prop({ type: Object, default: null })
  odooUser!: { uid: number; name: string } | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type OdooIdentityDocument = HydratedDocument<OdooIdentityRecord>;
export const OdooIdentitySchema = SchemaFactory.createForClass(OdooIdentityRecord);
OdooIdentitySchema.index({ teamId: 1, userId: 1 }, { unique: true });
