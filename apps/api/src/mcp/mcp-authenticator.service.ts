import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { API_KEY_STRATEGY } from '../auth/strategies/api-key-bearer.strategy';
import { AppPassport } from '../auth/strategies/app-passport';
import { DomainError } from '../common/domain-error';
import { McpCaller } from './mcp-caller';
import { OAUTH_STRATEGY } from './strategies/oauth-token.strategy';
import { WORKSPACE_TOKEN_STRATEGY } from './strategies/workspace-token.strategy';

/** /mcp takes an API key or an OAuth token; /mcp/workspaces/<id> only that workspace's own token. */
const TEAM_STRATEGIES = [API_KEY_STRATEGY, OAUTH_STRATEGY];
const WORKSPACE_STRATEGIES = [WORKSPACE_TOKEN_STRATEGY];

/**
 * Resolves the bearer credential of an /mcp request with the same Passport strategies as the REST
 * API (one per credential kind); null means 401. Authorization happens later, per tool, in authorize().
 */
@Injectable()
export class McpAuthenticator {
  constructor(private readonly passports: AppPassport) {}

  async authenticate(request: Request, response: Response, bound = false): Promise<McpCaller | null> {
    const actor = await this.passports.authenticate<Actor>(bound ? WORKSPACE_STRATEGIES : TEAM_STRATEGIES, request, response).catch((error: unknown) => {
      // A key that looks like ours but is revoked or unknown ends the attempt: for /mcp that is a plain 401.
      if (error instanceof DomainError && error.status === 401) return false as const;
      throw error;
    });
    if (!actor || !actor.team || !actor.role || actor.credential.scopes === null) return null;
    return {
      user: { id: actor.user.id, name: actor.user.name, email: actor.user.email },
      team: { id: actor.team.id, slug: actor.team.slug },
      role: actor.role,
      scopes: actor.credential.scopes,
      credential: actor.credential,
      ...(actor.credential.workspace ? { workspace: actor.credential.workspace } : {}),
    };
  }
}
