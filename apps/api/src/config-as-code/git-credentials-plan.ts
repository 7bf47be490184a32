import { Injectable } from '@nestjs/common';
import { ConfigTeam } from '@gantry/contracts';
import { DomainError } from '../common/domain-error';
import { GitCredentialsService } from '../git-credentials/git-credentials.service';
import { ConfigManagedObjects } from './config-managed-objects';
import { compareObject, deletion, PlanContext, PlannedChange } from './config-plan';

/** A team's workspace settings: its git credentials, the token from `token_env` (stored vault-encrypted). */
@Injectable()
export class GitCredentialsPlan {
  constructor(
    private readonly credentials: GitCredentialsService,
    private readonly managed: ConfigManagedObjects,
  ) {}

  async plan(context: PlanContext, slug: string, team: ConfigTeam): Promise<PlannedChange[]> {
    const teamId = context.teamIds.get(slug);
    const known = await this.managed.of('git_credential', slug);
    const entries = team.workspaces?.git_credentials ?? {};
    const changes: PlannedChange[] = [];
    for (const [name, entry] of Object.entries(entries)) {
      const registered = known.get(name) ?? null;
      const stored = teamId && registered ? await this.credentials.readConfigured(teamId, registered) : null;
      const token = context.loaded.secret(entry.token_env);
      changes.push(
        compareObject(
          { kind: 'git_credential', name: `teams.${slug}.workspaces.git_credentials.${name}`, team: slug },
          stored ? { host: stored.host, username: stored.username } : null,
          { host: entry.host, username: entry.username },
          { token: stored?.token !== token },
          async () => {
            const id = await this.credentials.putConfigured(context.teamId(slug), stored ? registered : null, {
              host: entry.host,
              username: entry.username,
              token,
              label: name,
            });
            await this.managed.remember('git_credential', slug, name, id);
          },
        ),
      );
    }
    if (context.prune && teamId) {
      for (const [name, id] of known) {
        if (entries[name]) continue;
        changes.push(
          deletion({ kind: 'git_credential', name: `teams.${slug}.workspaces.git_credentials.${name}`, team: slug }, async () => {
            // Already deleted in the dashboard: forgetting it is all that is left to do.
            await this.credentials.remove(teamId, id).catch((error: unknown) => {
              if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
            });
            await this.managed.forget('git_credential', slug, name);
          }),
        );
      }
    }
    return changes;
  }
}
