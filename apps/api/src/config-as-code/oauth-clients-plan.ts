import { Injectable } from '@nestjs/common';
import { ConfigTeam } from '@gantry/contracts';
import { OAuthAdminService } from '../oauth/oauth-admin.service';
import { ConfigManagedObjects } from './config-managed-objects';
import { compareObject, deletion, PlanContext, PlannedChange } from './config-plan';

/** Pre-registered OAuth clients with the id the file gives and the secret from `client_secret_env` (stored vault-encrypted). */
@Injectable()
export class OAuthClientsPlan {
  constructor(
    private readonly oauth: OAuthAdminService,
    private readonly managed: ConfigManagedObjects,
  ) {}

  async plan(context: PlanContext, slug: string, team: ConfigTeam): Promise<PlannedChange[]> {
    const teamId = context.teamIds.get(slug) ?? null;
    const known = await this.managed.of('oauth_client', slug);
    const changes: PlannedChange[] = [];
    for (const [name, entry] of Object.entries(team.oauth_clients ?? {})) {
      const secret = context.loaded.secret(entry.client_secret_env);
      const stored = await this.oauth.readConfiguredClient(entry.client_id);
      if (stored && (stored.teamId === null || stored.teamId !== teamId)) {
        context.problems.push(
          context.loaded.problemAt(['teams', slug, 'oauth_clients', name, 'client_id'], `${entry.client_id} is already the id of another OAuth client`),
        );
        continue;
      }
      const replaced = known.get(name);
      const wanted = { client_id: entry.client_id, name: entry.name, redirect_uris: entry.redirect_uris };
      changes.push(
        compareObject(
          { kind: 'oauth_client', name: `teams.${slug}.oauth_clients.${name}`, team: slug },
          stored ? { client_id: entry.client_id, name: stored.name, redirect_uris: stored.redirectUris } : null,
          wanted,
          { client_secret: stored?.secret !== secret },
          async () => {
            const owner = context.teamId(slug);
            // The entry's client_id changed in the file: the old client goes, with its grants.
            if (replaced && replaced !== entry.client_id) await this.oauth.deleteConfiguredClient(owner, replaced);
            await this.oauth.putConfiguredClient(owner, entry.client_id, secret, { name: entry.name, redirectUris: entry.redirect_uris });
            await this.managed.remember('oauth_client', slug, name, entry.client_id);
          },
        ),
      );
    }
    if (context.prune && teamId) {
      for (const [name, clientId] of known) {
        if (team.oauth_clients?.[name]) continue;
        changes.push(
          deletion({ kind: 'oauth_client', name: `teams.${slug}.oauth_clients.${name}`, team: slug }, async () => {
            await this.oauth.deleteConfiguredClient(teamId, clientId);
            await this.managed.forget('oauth_client', slug, name);
          }),
        );
      }
    }
    return changes;
  }
}
