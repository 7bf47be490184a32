import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/**
 * One dashboard sign-in = one refresh-token family. The refresh token is `<sessionId>.<secret>`;
 * only SHA-256 digests are stored. Earlier digests are kept so a replayed token is recognised
 * as reuse and revokes the whole family.
 */
@Schema({ collection: 'sessions', timestamps: true })
export class SessionRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  userId!: Types.ObjectId;

  @Prop({ required: true })
  currentTokenHash!: string;

  @Prop({ type: [String], default: [] })
  previousTokenHashes!: string[];

  @Prop({ required: true })
  expiresAt!: Date;

  @Prop({ type: Date, required: true })
  lastUsedAt!: Date;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: String, default: null })
  revokedReason!: string | null;

  @Prop({ type: String, default: null })
  userAgent!: string | null;

  @Prop({ type: String, default: null })
  ip!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type SessionDocument = HydratedDocument<SessionRecord>;
export const SessionSchema = SchemaFactory.createForClass(SessionRecord);
SessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
