import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

/** Short-lived HS256 JWTs for the dashboard, bound to this API's audience and to a session. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;
  private readonly issuer: string;
  private readonly audience: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
    this.issuer = config.PUBLIC_URL;
    this.audience = `${config.PUBLIC_URL}/api`;
  }

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ sid: claims.sessionId, typ: 'dashboard' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setJti(randomUUID())
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['HS256'],
      });
      if (payload.typ !== 'dashboard' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new DomainError('UNAUTHENTICATED', 'Invalid access token');
      }
      return { userId: payload.sub, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof errors.JWTExpired) throw new DomainError('TOKEN_EXPIRED', 'Access token expired; refresh it');
      throw new DomainError('UNAUTHENTICATED', 'Invalid access token');
    }
  }
}
