import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { SCOPES } from '@gantry/contracts';
import type { NextFunction, Request, Response } from 'express';
import { Connection, mongo } from 'mongoose';
import { createHash, webcrypto } from 'node:crypto';
import { assertOutboundUrl } from '../common/outbound-url-guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CredentialCacheService } from '../credential-cache/credential-cache.service';
import { UsersService } from '../users/users.service';
import { Vault } from '../vault/vault';
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

  async purge(): Promise<number> {
    try {
      return await purgeExpired(this.db);
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
      if (!scope.some((entry) => (SCOPES as readonly string[]).includes(entry))) {
        ctx.query = { ...ctx.query, scope: [...scope, ...SCOPES].join(' ') };
      }
    }
    await next();
  }

  private logFailure(event: string, args: unknown[]): void {
    const error = args.find((arg): arg is Error & { error_description?: string; status?: number } => arg instanceof Error);
    if (!error) return;
    const line = `${event}: ${error.message}${error.error_description ? ` (${error.error_description})` : ''}`;
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
      jwks: { keys: [this.signingKey!.privateJwk] },
      cookies: { keys: [cookieKey] },
      routes: OAUTH_ROUTES,
      // Listed here too so clients may register and request them (the MCP SDK sends scopes_supported).
      scopes: ['openid', 'offline_access', ...SCOPES],
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
        properties: ['gantry_team_id'],
        validator: (ctx: KoaContext | undefined, key: string, value: unknown, metadata: Record<string, unknown>) => {
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
        registration: { enabled: config.OAUTH_DYNAMIC_REGISTRATION, initialAccessToken: false },
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
              scope: SCOPES.join(' '),
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
            assertOutboundUrl(clientId, { setting: 'OAUTH_ALLOWED_FETCH_HOSTS', allowedHosts: config.OAUTH_ALLOWED_FETCH_HOSTS, plainHttp: 'never' }).then(
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
