import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreatedOAuthClient, CreateOAuthClientRequest, CredentialNarrowing, McpScope, OAuthClient, OAuthGrant } from '@gantry/contracts';
import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { TeamActor } from '../auth/actor';
import { describeActivity } from '../activity/activity-context';
import { Authorization } from '../authorization/authorization.service';
import { DomainError, notFound } from '../common/domain-error';
import { randomToken } from '../common/secrets';
import { TeamEvents } from '../teams/team-events';
import { UsersService } from '../users/users.service';
import { OAuthProviderService } from './oauth-provider.service';
import { OAUTH_CLIENTS, OAUTH_GRANTS, OAuthStoredDocument, revokeGrants } from './oauth-store';
import { classifyRedirectUris } from './redirect-uri-policy';

/** The dashboard's view of OAuth: a team's pre-registered clients, and the grants its members gave. */
@Injectable()
export class OAuthAdminService implements OnModuleInit {
  constructor(
    private readonly oauth: OAuthProviderService,
    private readonly users: UsersService,
    private readonly authorization: Authorization,
    private readonly teamEvents: TeamEvents,
  ) {}

  onModuleInit(): void {
    // The OAuth grants someone gave for a team end with their membership, with every token issued under them.
    this.teamEvents.onMemberRemoved(async (teamId, userId) => {
      await revokeGrants(this.oauth.db, { 'gantry.teamId': teamId, 'gantry.userId': userId }, this.oauth.grantDestroyed);
    });
  }

  private get clients() {
    return this.oauth.db.collection<OAuthStoredDocument>(OAUTH_CLIENTS);
  }

  private get grants() {
    return this.oauth.db.collection<OAuthStoredDocument>(OAUTH_GRANTS);
  }

  async listClients(actor: TeamActor): Promise<OAuthClient[]> {
    const documents = await this.clients.find({ 'payload.gantry_team_id': actor.team.id }).sort({ 'payload.client_id_issued_at': -1 }).toArray();
    return documents.map(toClient);
  }

  /** A confidential client for this team; the secret is in this answer only (stored vault-encrypted). */
  async createClient(actor: TeamActor, input: CreateOAuthClientRequest): Promise<CreatedOAuthClient> {
    const clientId = `gnt_client_${randomToken(16)}`;
    const clientSecret = randomBytes(32).toString('base64url');
    await this.registerTeamClient(actor.team.id, clientId, clientSecret, input, Math.floor(Date.now() / 1000));
    const stored = await this.clients.findOne({ _id: clientId });
    describeActivity({
      target: { resource: 'clients', id: clientId, label: input.name },
      details: { redirectUris: input.redirectUris, applicationType: stored!.payload.application_type },
    });
    return { ...toClient(stored!), clientSecret };
  }

  /**
   * Configuration as code: a pre-registered client as stored, its secret in clear in memory only
   * (to compare with the file), or null.
   */
  async readConfiguredClient(clientId: string): Promise<{ teamId: string | null; name: string; redirectUris: string[]; secret: string | null } | null> {
    const payload = await new this.oauth.adapterClass('Client').find(clientId);
    if (!payload) return null;
    return {
      teamId: typeof payload.gantry_team_id === 'string' ? payload.gantry_team_id : null,
      name: String(payload.client_name ?? clientId),
      redirectUris: (payload.redirect_uris as string[] | undefined) ?? [],
      secret: typeof payload.client_secret === 'string' ? payload.client_secret : null,
    };
  }

  /** Creates or replaces a team's pre-registered client with the id and secret the file gives. */
  async putConfiguredClient(teamId: string, clientId: string, clientSecret: string, input: CreateOAuthClientRequest): Promise<void> {
    const existing = await this.clients.findOne({ _id: clientId }, { projection: { 'payload.client_id_issued_at': 1 } });
    const issuedAt = existing?.payload.client_id_issued_at;
    await this.registerTeamClient(teamId, clientId, clientSecret, input, typeof issuedAt === 'number' ? issuedAt : Math.floor(Date.now() / 1000));
  }

  /** Deletes a client of the team the file no longer lists (--prune), with every grant given to it. */
  async deleteConfiguredClient(teamId: string, clientId: string): Promise<void> {
    await this.clients.deleteOne({ _id: clientId, 'payload.gantry_team_id': teamId });
    await revokeGrants(this.oauth.db, { 'payload.clientId': clientId }, this.oauth.grantDestroyed);
  }

  private async registerTeamClient(teamId: string, clientId: string, clientSecret: string, input: CreateOAuthClientRequest, issuedAt: number): Promise<void> {
    const verdict = classifyRedirectUris(input.redirectUris);
    if (!verdict.ok) throw new DomainError('VALIDATION_FAILED', verdict.reason, { fields: [{ path: 'redirectUris', message: verdict.reason }] });
    const metadata = {
      client_id: clientId,
      client_secret: clientSecret,
      client_name: input.name,
      redirect_uris: input.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: verdict.native ? 'native' : 'web',
      gantry_team_id: teamId,
      client_id_issued_at: issuedAt,
    };
    const adapter = new this.oauth.adapterClass('Client');
    await adapter.upsert(clientId, metadata);
    // oidc-provider validates the stored metadata the same way it validates a registration.
    try {
      await this.oauth.oidc.Client.find(clientId);
    } catch (error) {
      await adapter.destroy(clientId);
      const reason = (error as { error_description?: string }).error_description ?? 'invalid client metadata';
      throw new DomainError('OAUTH_CLIENT_INVALID', reason);
    }
  }

  /** Deletes the client and ends every grant (and so every token) given to it. */
  async deleteClient(actor: TeamActor, clientId: string): Promise<void> {
    const deleted = await this.clients.findOneAndDelete({ _id: clientId, 'payload.gantry_team_id': actor.team.id });
    if (!deleted) throw notFound('OAuth client');
    describeActivity({ target: { label: String(deleted.payload.client_name ?? clientId) } });
    await revokeGrants(this.oauth.db, { 'payload.clientId': clientId }, this.oauth.grantDestroyed);
  }

  /** Members see the grants they gave; whoever holds oauth.manage sees the team's. */
  async listGrants(actor: TeamActor): Promise<OAuthGrant[]> {
    const filter = { 'gantry.teamId': actor.team.id, ...(this.authorization.allows(actor, 'oauth.grants.manage') ? {} : { 'gantry.userId': actor.user.id }) };
    const grants = (await this.grants.find(filter).sort({ 'gantry.createdAt': -1 }).limit(500).toArray()).filter(
      (grant) => !grant.expiresAt || grant.expiresAt > new Date(),
    );
    const clientIds = [...new Set(grants.map((grant) => String(grant.payload.clientId)))];
    const clients = new Map((await this.clients.find({ _id: { $in: clientIds } }).toArray()).map((client) => [client._id, client]));
    const userIds = [...new Set(grants.map((grant) => grant.gantry!.userId))].filter(Types.ObjectId.isValid).map((id) => new Types.ObjectId(id));
    const users = new Map((await this.users.findByIds(userIds)).map((user) => [user.id as string, user]));
    return grants.map((grant) => toGrant(grant, clients.get(String(grant.payload.clientId)), users.get(grant.gantry!.userId)));
  }

  /** One grant of the team as the caller may see it: their own, or any with oauth.grants.manage (or `anyOfTeam`, decided by the caller). */
  async findVisibleGrant(actor: TeamActor, grantId: string, anyOfTeam = false): Promise<OAuthGrant> {
    const grant = await this.grants.findOne({ _id: grantId, 'gantry.teamId': actor.team.id });
    const visible = anyOfTeam || grant?.gantry!.userId === actor.user.id || this.authorization.allows(actor, 'oauth.grants.manage');
    if (!grant || !visible) throw notFound('OAuth grant');
    const client = await this.clients.findOne({ _id: String(grant.payload.clientId) });
    const user = Types.ObjectId.isValid(grant.gantry!.userId) ? await this.users.findById(grant.gantry!.userId) : null;
    return toGrant(grant, client ?? undefined, user ?? undefined);
  }

  /**
   * An admin narrows a connected app to chosen tools and models (null lifts it). Like a key's, the
   * narrowing only takes away; cached verifications of the grant's tokens end at once.
   */
  async narrowGrant(actor: TeamActor, grantId: string, narrowing: CredentialNarrowing): Promise<OAuthGrant> {
    const update: Record<string, unknown> = {};
    if (narrowing.tools !== undefined) update['gantry.tools'] = narrowing.tools;
    if (narrowing.models !== undefined) update['gantry.models'] = narrowing.models;
    const result = await this.grants.updateOne({ _id: grantId, 'gantry.teamId': actor.team.id }, { $set: update });
    if (result.matchedCount === 0) throw notFound('OAuth grant');
    this.oauth.grantDestroyed(grantId);
    return this.findVisibleGrant(actor, grantId);
  }

  /** Revoking a grant ends its refresh tokens now and its access tokens on their next use. */
  async revokeGrant(actor: TeamActor, grantId: string): Promise<void> {
    const grant = await this.grants.findOne({ _id: grantId, 'gantry.teamId': actor.team.id });
    if (!grant) throw notFound('OAuth grant');
    describeActivity({
      target: { label: String(grant.payload.clientId) },
      details: { client: String(grant.payload.clientId), user: grant.gantry!.userId, scopes: grant.gantry!.scopes },
    });
    if (grant.gantry!.userId !== actor.user.id) {
      this.authorization.assert(actor, 'oauth.grants.manage', 'disconnect another member’s app');
      describeActivity({ permission: 'oauth.grants.manage' });
    }
    await revokeGrants(this.oauth.db, { _id: grantId }, this.oauth.grantDestroyed);
  }
}

function toGrant(grant: OAuthStoredDocument, client: OAuthStoredDocument | undefined, user: { name: string; email: string } | undefined): OAuthGrant {
  const clientId = String(grant.payload.clientId);
  return {
    id: grant._id,
    client: { id: clientId, name: (client?.payload.client_name as string | undefined) ?? clientId },
    user: { id: grant.gantry!.userId, name: user?.name ?? '(removed user)', email: user?.email ?? '' },
    scopes: grant.gantry!.scopes as McpScope[],
    tools: grant.gantry!.tools ?? null,
    models: grant.gantry!.models ?? null,
    createdAt: grant.gantry!.createdAt.toISOString(),
    expiresAt: grant.expiresAt ? grant.expiresAt.toISOString() : null,
  };
}

function toClient(document: OAuthStoredDocument): OAuthClient {
  const payload = document.payload;
  const issuedAt = typeof payload.client_id_issued_at === 'number' ? new Date(payload.client_id_issued_at * 1000).toISOString() : null;
  return {
    clientId: document._id,
    name: String(payload.client_name ?? document._id),
    redirectUris: (payload.redirect_uris as string[] | undefined) ?? [],
    applicationType: payload.application_type === 'native' ? 'native' : 'web',
    createdAt: issuedAt,
  };
}
