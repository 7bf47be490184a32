import { Injectable } from '@nestjs/common';
import { MCP_SCOPES, McpScope, mcpScopesAllowedFor, OAuthConsentRequest, OAuthInteraction, OAuthRedirect, User } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { DomainError, forbidden } from '../common/domain-error';
import { MembershipsService } from '../teams/memberships.service';
import { OAuthProviderService } from './oauth-provider.service';
import { OAUTH_GRANTS, OAuthStoredDocument } from './oauth-store';
import { OidcClient, OidcInteractionDetails } from './oidc-provider.types';
import { redirectHostOf } from './redirect-uri-policy';

const OIDC_SCOPES = ['openid', 'offline_access'];

/**
 * The login and consent steps of an authorization, answered for Gantry's own consent page. Each
 * call wraps oidc-provider's interactionDetails/interactionResult, which check the interaction
 * cookie set on the browser that started the flow; the dashboard session says who the user is.
 */
@Injectable()
export class OAuthInteractionsService {
  constructor(
    private readonly oauth: OAuthProviderService,
    private readonly memberships: MembershipsService,
  ) {}

  async details(uid: string, user: User, request: Request, response: Response): Promise<OAuthInteraction> {
    const { details, client } = await this.load(uid, request, response);
    const teamId = typeof client.gantry_team_id === 'string' ? client.gantry_team_id : null;
    const teams = (await this.memberships.listForUser(user.id)).filter((entry) => teamId === null || entry.team.id === teamId);
    return {
      uid: details.uid,
      client: {
        id: client.clientId,
        name: clientName(client),
        kind: clientKind(client),
        redirectHost: redirectHostOf(details.params.redirect_uri ?? client.redirectUris[0] ?? ''),
        teamId,
      },
      resource: this.oauth.mcpResource,
      requestedScopes: requestedScopes(details),
      user: { id: user.id, name: user.name, email: user.email },
      teams: teams.map((entry) => ({
        id: entry.team.id,
        name: entry.team.name,
        role: entry.role,
        allowedScopes: [...mcpScopesAllowedFor(entry.role, MCP_SCOPES)],
      })),
    };
  }

  /** Records the grant for the chosen team and scopes, and hands the browser back to the authorization server. */
  async consent(uid: string, user: User, input: OAuthConsentRequest, request: Request, response: Response): Promise<OAuthRedirect> {
    const { details, client } = await this.load(uid, request, response);
    if (typeof client.gantry_team_id === 'string' && client.gantry_team_id !== input.teamId) {
      throw forbidden('This client was registered by another team and can only be connected to that team');
    }
    const access = await this.memberships.resolveAccess(input.teamId, user.id);
    if (!access) throw forbidden('You are not a member of that team');
    const refused = input.scopes.filter((scope) => !mcpScopesAllowedFor(access.role, [scope]).length);
    if (refused.length > 0) throw forbidden(`Your role (${access.role}) cannot grant ${refused.join(', ')}`);
    const requested = requestedScopes(details);
    const beyond = input.scopes.filter((scope) => !requested.includes(scope));
    if (beyond.length > 0)
      throw new DomainError('VALIDATION_FAILED', `The client did not ask for ${beyond.join(', ')}`, {
        fields: [{ path: 'scopes', message: 'not requested by the client' }],
      });
    const resource = details.params.resource;
    if (resource !== undefined && !this.oauth.isMcpResource(resource)) throw new DomainError('VALIDATION_FAILED', `Unknown resource ${resource}`);

    const grant = new this.oauth.oidc.Grant({ accountId: user.id, clientId: client.clientId });
    const oidcScopes = (details.params.scope ?? '').split(' ').filter((scope) => OIDC_SCOPES.includes(scope));
    // The server lists the MCP scopes both as scopes a client may request and as the resource's scopes.
    grant.addOIDCScope([...oidcScopes, ...input.scopes].join(' '));
    grant.addResourceScope(resource ?? this.oauth.mcpResource, input.scopes.join(' '));
    // Scopes asked for but not given are recorded as refused, so the server does not ask again.
    const refusedByUser = requested.filter((scope) => !input.scopes.includes(scope));
    if (refusedByUser.length) {
      grant.rejectOIDCScope(refusedByUser.join(' '));
      grant.rejectResourceScope(resource ?? this.oauth.mcpResource, refusedByUser.join(' '));
    }
    const grantId = await grant.save();
    await this.oauth.db
      .collection<OAuthStoredDocument>(OAUTH_GRANTS)
      .updateOne({ _id: grantId }, { $set: { gantry: { teamId: input.teamId, userId: user.id, scopes: input.scopes, createdAt: new Date() } } });
    const redirectTo = await this.oauth.oidc.interactionResult(
      request,
      response,
      { login: { accountId: user.id }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  async deny(uid: string, request: Request, response: Response): Promise<OAuthRedirect> {
    await this.load(uid, request, response);
    const redirectTo = await this.oauth.oidc.interactionResult(
      request,
      response,
      { error: 'access_denied', error_description: 'The user declined to connect this client' },
      { mergeWithLastSubmission: false },
    );
    return { redirectTo };
  }

  private async load(uid: string, request: Request, response: Response): Promise<{ details: OidcInteractionDetails; client: OidcClient }> {
    let details: OidcInteractionDetails;
    try {
      details = await this.oauth.oidc.interactionDetails(request, response);
    } catch {
      throw expired();
    }
    if (details.uid !== uid) throw expired();
    const client = details.params.client_id ? await this.oauth.oidc.Client.find(details.params.client_id) : undefined;
    if (!client) throw expired();
    return { details, client };
  }
}

function expired(): DomainError {
  return new DomainError(
    'OAUTH_INTERACTION_EXPIRED',
    'This authorization request has expired or belongs to another browser; start the connection again from your AI client',
  );
}

function requestedScopes(details: OidcInteractionDetails): McpScope[] {
  const asked = (details.params.scope ?? '').split(' ');
  return MCP_SCOPES.filter((scope) => asked.includes(scope));
}

function clientName(client: OidcClient): string {
  const name = typeof client.clientName === 'string' && client.clientName.trim() ? client.clientName.trim() : null;
  return name ?? client.clientId;
}

function clientKind(client: OidcClient): OAuthInteraction['client']['kind'] {
  if (typeof client.gantry_team_id === 'string') return 'team';
  if (client.clientIdMetadataDocument) return 'metadata_document';
  return 'dynamic';
}
