import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Session } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { describeActivity } from '../activity/activity-context';
import { DomainError, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { randomToken, safeEqual, sha256Hex } from '../common/secrets';
import { SessionDocument, SessionRecord } from './session.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
const REMEMBERED_TOKENS = 50;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedRefreshToken {
  session: SessionDocument;
  refreshToken: string;
}

const invalidRefresh = () => new DomainError('REFRESH_TOKEN_INVALID', 'Your session has ended; sign in again');

@Injectable()
export class SessionsService {
  constructor(
    @InjectModel(SessionRecord.name) private readonly sessions: Model<SessionRecord>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(userId: Types.ObjectId, client: ClientInfo): Promise<IssuedRefreshToken> {
    const secret = randomToken();
    const now = new Date();
    const session = await this.sessions.create({
      userId,
      currentTokenHash: sha256Hex(secret),
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS),
      lastUsedAt: now,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
    });
    return { session, refreshToken: `${session.id}.${secret}` };
  }

  /**
   * Rotation: the presented token must be the family's current one. A token that was current
   * once but has been rotated away is a replay — the whole family is revoked.
   */
  async rotate(refreshToken: string, client: ClientInfo): Promise<IssuedRefreshToken> {
    const [sessionId, secret] = refreshToken.split('.');
    const id = parseObjectId(sessionId ?? '');
    if (!id || !secret) throw invalidRefresh();
    const session = await this.sessions.findById(id).exec();
    if (!session || session.revokedAt || session.expiresAt <= new Date()) throw invalidRefresh();
    const presented = sha256Hex(secret);
    if (!safeEqual(presented, session.currentTokenHash)) {
      if (session.previousTokenHashes.some((hash) => safeEqual(presented, hash))) {
        await this.revokeForReuse(session);
        throw new DomainError('REFRESH_TOKEN_REUSED', 'This sign-in was ended because an old refresh token was used again');
      }
      throw invalidRefresh();
    }
    const nextSecret = randomToken();
    const rotated = await this.sessions
      .findOneAndUpdate(
        { _id: session._id, currentTokenHash: session.currentTokenHash, revokedAt: null },
        {
          $set: { currentTokenHash: sha256Hex(nextSecret), lastUsedAt: new Date(), ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null },
          $push: { previousTokenHashes: { $each: [session.currentTokenHash], $slice: -REMEMBERED_TOKENS } },
        },
        { returnDocument: 'after' },
      )
      .exec();
    // Lost a race with a parallel rotation of the same token: that is reuse too.
    if (!rotated) {
      await this.revokeForReuse(session);
      throw new DomainError('REFRESH_TOKEN_REUSED', 'This sign-in was ended because an old refresh token was used again');
    }
    return { session: rotated, refreshToken: `${rotated.id}.${nextSecret}` };
  }

  /** A replayed refresh token ends the whole sign-in; the trail records it for the account. */
  private async revokeForReuse(session: SessionDocument): Promise<void> {
    await this.revoke(session._id, 'refresh token reuse');
    describeActivity({
      action: 'auth.refresh',
      actor: { id: session.userId.toHexString() },
      credential: { type: 'session', id: session.id as string },
      details: { revoked: 'the whole sign-in: an old refresh token was used again' },
    });
  }

  async findActive(sessionId: string): Promise<SessionDocument | null> {
    const id = parseObjectId(sessionId);
    if (!id) return null;
    return this.sessions.findOne({ _id: id, revokedAt: null, expiresAt: { $gt: new Date() } }).exec();
  }

  async revoke(sessionId: Types.ObjectId, reason: string): Promise<void> {
    await this.sessions.updateOne({ _id: sessionId, revokedAt: null }, { $set: { revokedAt: new Date(), revokedReason: reason } }).exec();
  }

  /** The session the token ended, or null when it names none (or not with its current token). */
  async revokeByRefreshToken(refreshToken: string): Promise<SessionDocument | null> {
    const id = parseObjectId(refreshToken.split('.')[0] ?? '');
    const secret = refreshToken.split('.')[1];
    if (!id || !secret) return null;
    const session = await this.sessions.findOne({ _id: id, revokedAt: null }).exec();
    if (!session || !safeEqual(sha256Hex(secret), session.currentTokenHash)) return null;
    await this.revoke(session._id, 'logout');
    return session;
  }

  async listForUser(userId: string, currentSessionId: string): Promise<Session[]> {
    const sessions = await this.sessions
      .find({ userId: new Types.ObjectId(userId), revokedAt: null, expiresAt: { $gt: new Date() } })
      .sort({ lastUsedAt: -1 })
      .exec();
    return sessions.map((session) => ({
      id: session.id as string,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      userAgent: session.userAgent,
      ip: session.ip,
      current: session.id === currentSessionId,
    }));
  }

  async revokeForUser(userId: string, sessionId: string): Promise<void> {
    const id = parseObjectId(sessionId);
    if (!id) throw notFound('Session');
    const result = await this.sessions
      .updateOne({ _id: id, userId: new Types.ObjectId(userId), revokedAt: null }, { $set: { revokedAt: new Date(), revokedReason: 'revoked by user' } })
      .exec();
    if (result.matchedCount === 0) throw notFound('Session');
  }

  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.sessions.deleteMany({ expiresAt: { $lte: now } }).exec();
    return result.deletedCount;
  }
}
