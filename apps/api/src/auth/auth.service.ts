import { Injectable, Logger } from '@nestjs/common';
import { LoginRequest, MeResponse, SessionTokenResponse } from '@gantry/contracts';
import { describeActivity } from '../activity/activity-context';
import { DomainError } from '../common/domain-error';
import { MembershipsService } from '../teams/memberships.service';
import { UserDocument } from '../users/user.schema';
import { toUser, UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { Actor, sessionCredential } from './actor';
import { LoginThrottleService } from './login-throttle.service';
import { ClientInfo, SessionsService } from './sessions.service';

export interface SignedIn {
  response: SessionTokenResponse;
  refreshToken: string;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokenService,
    private readonly memberships: MembershipsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /**
   * Every attempt enters the trail as auth.signIn for the email tried: a success, a wrong password
   * or a lockout (429). The attempt's account is found only when the record is stored, after the
   * answer, and only its owner reads it (GET /api/auth/activity), so the trail is no account oracle.
   */
  async login(credentials: LoginRequest, client: ClientInfo): Promise<SignedIn> {
    describeActivity({ action: 'auth.signIn', actor: { email: credentials.email } });
    await this.throttle.beforeAttempt(client.ip ?? 'unknown', credentials.email);
    const user = await this.users.verifyCredentials(credentials.email, credentials.password);
    if (!user) {
      await this.throttle.recordFailure(credentials.email);
      this.logger.warn(`failed sign-in from ${client.ip ?? 'unknown ip'}`);
      throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect');
    }
    await this.throttle.recordSuccess(credentials.email);
    return this.startSession(user, client);
  }

  async startSession(user: UserDocument, client: ClientInfo): Promise<SignedIn> {
    const { session, refreshToken } = await this.sessions.start(user._id, client);
    describeActivity({ actor: { id: user.id as string, email: user.email, name: user.name }, credential: { type: 'session', id: session.id as string } });
    return { response: await this.tokenResponse(user, session.id as string), refreshToken };
  }

  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<SignedIn> {
    if (!refreshToken) throw new DomainError('REFRESH_TOKEN_INVALID', 'No session to refresh; sign in');
    const { session, refreshToken: next } = await this.sessions.rotate(refreshToken, client);
    const user = await this.users.findById(session.userId);
    if (!user) {
      await this.sessions.revoke(session._id, 'user deleted');
      throw new DomainError('REFRESH_TOKEN_INVALID', 'Your session has ended; sign in again');
    }
    return { response: await this.tokenResponse(user, session.id as string), refreshToken: next };
  }

  /** Ends the sign-in of the refresh cookie and of the access token, whichever are presented (logout is a public route). */
  async logout(refreshToken: string | undefined, accessToken: string | null): Promise<void> {
    const ended = refreshToken ? await this.sessions.revokeByRefreshToken(refreshToken) : null;
    if (ended) describeActivity({ action: 'auth.signOut', actor: { id: ended.userId.toHexString() }, credential: { type: 'session', id: ended.id as string } });
    const actor = accessToken ? await this.authenticate(accessToken).catch(() => undefined) : undefined;
    if (!actor) return;
    await this.sessions.revokeForUser(actor.user.id, actor.credential.id).catch(() => undefined);
    describeActivity({
      action: 'auth.signOut',
      actor: { id: actor.user.id, email: actor.user.email, name: actor.user.name },
      credential: { type: 'session', id: actor.credential.id },
    });
  }

  /** Resolves a dashboard access token to an actor; a revoked or expired session stops it at once. */
  async authenticate(accessToken: string): Promise<Actor> {
    const claims = await this.accessTokens.verify(accessToken);
    const session = await this.sessions.findActive(claims.sessionId);
    if (!session || session.userId.toString() !== claims.userId) {
      throw new DomainError('UNAUTHENTICATED', 'This session has ended; sign in again');
    }
    const user = await this.users.findById(claims.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This session has ended; sign in again');
    return { user: toUser(user), credential: sessionCredential(claims.sessionId) };
  }

  async me(actor: Actor): Promise<MeResponse> {
    return { user: actor.user, memberships: await this.memberships.listForUser(actor.user.id) };
  }

  private async tokenResponse(user: UserDocument, sessionId: string): Promise<SessionTokenResponse> {
    return {
      accessToken: await this.accessTokens.sign({ userId: user.id as string, sessionId }),
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
      user: toUser(user),
      memberships: await this.memberships.listForUser(user._id),
    };
  }
}
