import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The slice of oidc-provider (an ES module without bundled types) that Gantry uses. It is loaded
 * with a dynamic import from this CommonJS build, so these declarations stand in for its types.
 */
export interface OidcClient {
  clientId: string;
  clientName?: string;
  redirectUris: string[];
  applicationType: 'web' | 'native';
  clientIdMetadataDocument?: boolean;
  [key: string]: unknown;
}

export interface OidcGrant {
  addOIDCScope(scope: string): void;
  rejectOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  rejectResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

export interface OidcInteractionDetails {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, string | undefined>;
  session?: { accountId?: string };
  grantId?: string;
}

export interface OidcProvider {
  proxy: boolean;
  issuer: string;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<OidcInteractionDetails>;
  interactionResult(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<string>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  Client: { find(id: string): Promise<OidcClient | undefined> };
  Grant: (new (properties: { accountId: string; clientId: string }) => OidcGrant) & { find(id: string): Promise<OidcGrant | undefined> };
}

export interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  set(header: string, value: string): void;
  query: Record<string, string | string[] | undefined>;
  /** Set on oidc-provider's own routes: the route's name, its parameters, and what it loaded. */
  oidc?: {
    route?: string;
    params?: Record<string, unknown>;
    entities?: {
      Grant?: { jti?: string };
      Client?: { clientId: string; metadata(): Record<string, unknown> };
    };
  };
}

export interface OidcErrors {
  InvalidTarget: new (description?: string) => Error;
  InvalidRedirectUri: new (description?: string) => Error;
  InvalidClientMetadata: new (description?: string) => Error;
  InvalidRequest: new (description?: string) => Error;
}

export interface OidcModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: OidcErrors;
}
