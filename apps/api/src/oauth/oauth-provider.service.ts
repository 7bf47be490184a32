import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MCP_SCOPES } from '@gantry/contracts';
import type { NextFunction, Request, Response } from 'express';
import { Connection, mongo } from 'mongoose';
import { createHash, webcrypto } from 'node:crypto';
import { assertOutboundUrl, OutboundPolicy } from '../common/outbound-url-guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CredentialCacheService } from '../credential-cache/credential-cache.service';
import { UsersService } from '../users/users.service';
import { Vault } from '../vault/vault';
import { markClientUsed, purgeUnusedClients, replaceEarlierConnections } from './oauth-client-hygiene';
import { createOutboundFetch } from './oauth-outbound-fetch';
import { loadOrCreateSigningKey, SigningKey } from './oauth-signing-key';
import { ensureOAuthIndexes, mongoAdapterClass, OAUTH_GRANTS, OAuthStoredDocument, purgeExpired } from './oauth-store';
import { KoaContext, OidcErrors, OidcModule, OidcProvider } from './oidc-provider.types';
import { classifyRedirectUris } from './redirect-uri-policy';

/** Paths served by oidc-provider (everything else under /oauth is Gantry's). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks',
  registration: '/oauth/register',
  end_session: '/oauth/logout',
  userinfo: '/oauth/userinfo',
  introspection: '/oauth/introspect',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
} as const;

const DISCOVERY_PATHS = new Set(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);
const PURGE_INTERVAL_MS = 10 * 60_000;
/** Gantry's own claim names in access tokens: the team the grant was given for, and the grant. */
export const TEAM_CLAIM = 'gantry_team';
export const GRANT_CLAIM = 'gantry_grant';

/**
 * Gantry as its own OAuth 2.1 authorization server for MCP clients, built on oidc-provider:
 * authorization code + PKCE (S256) only, resource indicators with the single resource
 * `<PUBLIC_URL>/mcp`, JWT (ES256) access tokens for that audience, rotating refresh tokens,
 * dynamic registration, client ID metadata documents, and Gantry's own login/consent pages.
 */
@Injectable()
export class OAuthProviderService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('OAuth');
  private provider?: OidcProvider;
  private handler?: (req: Request, res: Response) => void;
  private signingKey?: SigningKey;
  private purgeTimer?: NodeJS.Timeout;
  private errors?: OidcErrors;
  private adapter?: ReturnType<typeof mongoAdapterClass>;
  readonly issuer: string;
  /** Where client ID metadata documents may come from: the shared SSRF guard with OAUTH_ALLOWED_FETCH_HOSTS. */
  private get fetchPolicy(): OutboundPolicy {
    return { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: this.config.OAUTH_ALLOWED_FETCH_HOSTS, plainHttp: 'never' };
  }
  /** The one protected resource: the MCP endpoint, as clients name it in `resource` and tokens carry in `aud`. */
  readonly mcpResource: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectConnection() private readonly connection: Connection,
    private readonly vault: Vault,
    private readonly users: UsersService,
    private readonly credentials: CredentialCacheService,
  ) {
    this.issuer = config.PUBLIC_URL;
    this.mcpResource = `${config.PUBLIC_URL}/mcp`;
  }

  get db(): mongo.Db {
    return this.connection.db!;
  }

  get oidc(): OidcProvider {
    if (!this.provider) throw new Error('the OAuth provider is not started');
    return this.provider;
  }

  /** The storage oidc-provider uses, for writing pre-registered clients the same way. */
  get adapterClass(): ReturnType<typeof mongoAdapterClass> {
    if (!this.adapter) throw new Error('the OAuth provider is not started');
    return this.adapter;
  }

  get publicKey(): webcrypto.CryptoKey {
    if (!this.signingKey) throw new Error('the OAuth provider is not started');
    return this.signingKey.publicKey;
  }

  /** Called when a grant ends (revocation, refresh-token reuse, member removal): cached verifications of its tokens go. */
  readonly grantDestroyed = (grantId: string): void => this.credentials.invalidateKey(grantId);

  async onModuleInit(): Promise<void> {
    await ensureOAuthIndexes(this.db);
    this.signingKey = await loadOrCreateSigningKey(this.db, this.vault, (message) => this.logger.warn(message));
    // oidc-provider is an ES module; this CommonJS build loads it with a dynamic import.
    const oidc = (await import('oidc-provider')) as unknown as OidcModule;
    this.errors = oidc.errors;
    this.adapter = mongoAdapterClass(this.db, this.vault, {
      refreshGraceSeconds: this.config.OAUTH_REFRESH_REUSE_GRACE_SECONDS,
      onGrantDestroyed: this.grantDestroyed,
    });
    this.provider = new oidc.default(this.issuer, this.configuration());
    this.provider.proxy = true;
    this.provider.use((ctx, next) => this.beforeRoute(ctx, next));
    this.provider.use((ctx, next) => this.afterCodeExchange(ctx, next));
    for (const event of ['server_error', 'authorization.error', 'grant.error', 'registration_create.error', 'revocation.error']) {
      this.provider.on(event, (...args) => this.logFailure(event, args));
    }
    const callback = this.provider.callback();
    this.handler = (req, res) => callback(req, res);
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Expired records, then registrations never used within OAUTH_UNUSED_CLIENT_TTL_HOURS; `now` is the clock (tests move it). */
  async purge(now = new Date()): Promise<number> {
    try {
      const expired = await purgeExpired(this.db, now);
      const unusedClients = await purgeUnusedClients(this.db, this.config.OAUTH_UNUSED_CLIENT_TTL_HOURS, now);
      if (unusedClients > 0) this.logger.debug?.(`removed ${unusedClients} OAuth client registration(s) that never completed a grant`);
      return expired + unusedClients;
    } catch (error) {
      this.logger.warn(`purging expired OAuth records failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  /**
   * Express middleware mounted before the body parsers (oidc-provider reads its own bodies):
   * /oauth/* minus Gantry's own pages, and both discovery documents.
   */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const path = req.path;
      if (DISCOVERY_PATHS.has(path)) {
        // RFC 8414 metadata and OpenID discovery are the same document here.
        req.url = req.url.replace('/.well-known/oauth-authorization-server', '/.well-known/openid-configuration');
      } else if (!path.startsWith('/oauth/')) {
        return next();
      }
      if (!this.handler) {
        res.status(503).json({ error: 'temporarily_unavailable', error_description: 'the authorization server is starting' });
        return;
      }
      this.handler(req, res);
    };
  }

  /** Same normalisation as the resource check: `<base>/mcp/` and `<base>/mcp` are one resource. */
  isMcpResource(resource: string): boolean {
    return resource.replace(/\/+$/, '') === this.mcpResource;
  }

  private async beforeRoute(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
    if (ctx.method === 'GET' && ctx.path === OAUTH_ROUTES.authorization) {
      // Clients that ask for no MCP scope (or none at all) are offered every scope; the user picks on the consent page.
      const scope = typeof ctx.query.scope === 'string' ? ctx.query.scope.split(' ').filter(Boolean) : [];
      if (!scope.some((entry) => (MCP_SCOPES as readonly string[]).includes(entry))) {
        ctx.query = { ...ctx.query, scope: [...scope, ...MCP_SCOPES].join(' ') };
      }
    }
    const registrationManagement = this.config.OAUTH_DYNAMIC_REGISTRATION && ctx.path.startsWith(`${OAUTH_ROUTES.registration}/`);
    if (registrationManagement && (ctx.method === 'PUT' || ctx.method === 'DELETE')) {
      // RFC 7592 asks a server without update or delete to answer 405 (registrationManagement is off).
      ctx.status = 405;
      ctx.set('Allow', 'GET');
      ctx.body = { error: 'invalid_request', error_description: 'client registrations can be read here, not updated or deleted' };
      return;
    }
    await next();
  }

  /**
   * Once a code exchange has issued tokens: the client has completed a grant (so it is no longer
   * purged as unused), and the user's earlier connections of the same software to the same team
   * give way to this one (oauth-client-hygiene.ts). Done here rather than on the `grant.success`
   * event so it is finished before the token answer leaves: the client never holds tokens while
   * Connected apps still lists the connection it replaced. A failure is logged; the tokens still go out.
   */
  private async afterCodeExchange(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || ctx.oidc.params?.grant_type !== 'authorization_code') return;
    const grantId = ctx.oidc.entities?.Grant?.jti;
    const client = ctx.oidc.entities?.Client;
    if (!grantId || !client) return;
    try {
      await markClientUsed(this.db, client.clientId);
      const replaced = await replaceEarlierConnections(this.db, grantId, client.metadata(), this.grantDestroyed);
      if (replaced.grantsRevoked > 0) {
        this.logger.debug?.(
          `a new connection replaced ${replaced.grantsRevoked} earlier grant(s) and ${replaced.clientsDeleted} client(s) of the same software`,
        );
      }
    } catch (error) {
      this.logger.warn(`replacing earlier OAuth connections failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private logFailure(event: string, args: unknown[]): void {
    const error = args.find((arg): arg is Error & { error_description?: string; status?: number } => arg instanceof Error);
    if (!error) return;
    // The cause says why a client ID metadata document could not be fetched (DNS, TLS, SSRF refusal).
    const cause = error.cause instanceof Error ? `; cause: ${error.cause.message}` : '';
    const line = `${event}: ${error.message}${error.error_description ? ` (${error.error_description})` : ''}${cause}`;
    if (event === 'server_error' || (error.status ?? 500) >= 500) this.logger.error(line);
    else this.logger.debug?.(line);
  }

  private configuration(): Record<string, unknown> {
    const config = this.config;
    const errors = this.errors!;
    const mcpResource = this.mcpResource;
    const db = this.db;
    const cookieKey = createHash('sha256').update(`gantry-oauth-cookies:${config.COOKIE_SECRET}`).digest('base64url');
    return {
      adapter: this.adapter,
      // Client ID metadata documents and client JWKS are fetched over verified TLS (with
      // OUTBOUND_EXTRA_CA_CERTS), with the SSRF check repeated at connection time.
      fetch: createOutboundFetch({ policy: this.fetchPolicy, extraCaCertificates: config.OUTBOUND_EXTRA_CA_CERTS }),
      jwks: { keys: [this.signingKey!.privateJwk] },
      cookies: { keys: [cookieKey] },
      routes: OAUTH_ROUTES,
      // Listed here too so clients may register and request them (the MCP SDK sends scopes_supported).
      scopes: ['openid', 'offline_access', ...MCP_SCOPES],
      claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
      responseTypes: ['code'],
      pkce: { required: () => true },
      clientDefaults: {
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
      enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
      ttl: {
        AccessToken: config.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 3600,
        Session: 14 * 24 * 3600,
        Grant: config.OAUTH_REFRESH_TOKEN_TTL_DAYS * 24 * 3600,
        RefreshToken: config.OAUTH_REFRESH_TOKEN_TTL_DAYS * 24 * 3600,
      },
      // Refresh tokens for every client allowed the grant type, without asking for offline_access;
      // they outlive the browser session, and are rotated on each use.
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: () => true,
      expiresWithSession: async () => false,
      // Every authorization asks again (the consent page is where the team is chosen): the only
      // grant loaded is the one the consent step just created.
      loadExistingGrant: async (ctx: { oidc: { result?: { consent?: { grantId?: string } }; provider: OidcProvider } }) => {
        const grantId = ctx.oidc.result?.consent?.grantId;
        return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
      },
      extraClientMetadata: {
        // software_id (RFC 7591) is kept so that registrations of the same software can be recognised.
        properties: ['gantry_team_id', 'software_id'],
        validator: (ctx: KoaContext | undefined, key: string, value: unknown, metadata: Record<string, unknown>) => {
          if (key === 'software_id') {
            if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 200)) {
              throw new errors.InvalidClientMetadata('software_id must be a string of 1 to 200 characters');
            }
            return;
          }
          if (key !== 'gantry_team_id') return;
          if (value !== undefined && ctx?.oidc?.route === 'registration') {
            throw new errors.InvalidClientMetadata('gantry_team_id cannot be registered; teams create their own clients in the dashboard');
          }
          const verdict = classifyRedirectUris((metadata.redirect_uris as string[] | undefined) ?? []);
          if (!verdict.ok) throw new errors.InvalidRedirectUri(verdict.reason);
          if (verdict.native) metadata.application_type = 'native';
        },
      },
      extraTokenClaims: async (_ctx: unknown, token: { kind: string; grantId?: string }) => {
        if (token.kind !== 'AccessToken' || !token.grantId) return undefined;
        const grant = await db.collection<OAuthStoredDocument>(OAUTH_GRANTS).findOne({ _id: token.grantId }, { projection: { gantry: 1 } });
        return grant?.gantry ? { [TEAM_CLAIM]: grant.gantry.teamId, [GRANT_CLAIM]: token.grantId } : undefined;
      },
      findAccount: async (_ctx: unknown, sub: string) => {
        const user = await this.users.findById(sub).catch(() => null);
        if (!user) return undefined;
        return { accountId: sub, claims: () => ({ sub, email: user.email, name: user.name }) };
      },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/api/oauth/interaction/${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        // Every registration answers registration_client_uri and registration_access_token, with
        // which the client may read its record (RFC 7592 GET).
        registration: { enabled: config.OAUTH_DYNAMIC_REGISTRATION, initialAccessToken: false, issueRegistrationAccessToken: true },
        // Update and delete (RFC 7592 PUT/DELETE) are off: no MCP client uses them, an update would
        // let whoever holds the registration token point a client users already trust at other
        // redirect URIs, and Gantry removes unused and replaced registrations itself.
        registrationManagement: { enabled: false },
        revocation: { enabled: true },
        userinfo: { enabled: false },
        rpInitiatedLogout: { enabled: false },
        resourceIndicators: {
          enabled: true,
          // MCP clients are known to omit `resource`: the MCP endpoint is the default (and only) audience.
          defaultResource: () => mcpResource,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => {
            if (!this.isMcpResource(resource)) throw new errors.InvalidTarget(`the only resource here is ${mcpResource}`);
            return {
              scope: MCP_SCOPES.join(' '),
              audience: mcpResource,
              accessTokenTTL: config.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'ES256' } },
            };
          },
        },
        clientIdMetadataDocument: {
          enabled: config.OAUTH_CLIENT_ID_METADATA_DOCUMENTS,
          ack: 'draft-02',
          allowFetch: (_ctx: unknown, clientId: string) =>
            assertOutboundUrl(clientId, this.fetchPolicy).then(
              () => true,
              () => false,
            ),
        },
      },
      clientBasedCORS: () => true,
      renderError: async (ctx: { type: string; body: string }, out: Record<string, string>) => {
        ctx.type = 'html';
        ctx.body = errorPage(out.error ?? 'error', out.error_description ?? 'The request could not be completed.');
      },
    };
  }
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function errorPage(error: string, description: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gantry — authorization error</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#111}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:.2rem}</style>
</head><body><h1>The connection could not be authorized</h1><p>${escapeHtml(description)}</p><p>Error: <code>${escapeHtml(error)}</code></p>
<p>Go back to your AI client and start the connection again.</p></body></html>`;
}
