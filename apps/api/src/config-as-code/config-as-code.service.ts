import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigApplyReport, ConfigFile } from '@gantry/contracts';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ApiKeysPlan } from './api-keys-plan';
import { ConfigChanges } from './config-change-recorder';
import { ConfigFileError } from './config-file-error';
import { LoadedConfigFile, loadConfigFile } from './config-file-loader';
import { PlanContext, PlannedChange } from './config-plan';
import { GitCredentialsPlan } from './git-credentials-plan';
import { OAuthClientsPlan } from './oauth-clients-plan';
import { OdooConnectionPlan } from './odoo-connection-plan';
import { TeamsPlan } from './teams-plan';
import { UsersPlan } from './users-plan';

export interface ApplyOptions {
  dryRun?: boolean;
  prune?: boolean;
  /** Told before each change is written (for a progress bar). */
  onProgress?(done: number, total: number, label: string): void;
}

/**
 * Makes the database match gantry.toml: compares every object the file names (and with --prune,
 * those it stopped naming), then writes the differences in order (people, teams, what belongs to
 * teams). Applying the same file twice changes nothing the second time. Every problem, including
 * references to people no one knows, is reported before the first write.
 */
@Injectable()
export class ConfigAsCodeService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ConfigAsCode');

  constructor(
    private readonly users: UsersPlan,
    private readonly teams: TeamsPlan,
    private readonly odooConnections: OdooConnectionPlan,
    private readonly apiKeys: ApiKeysPlan,
    private readonly oauthClients: OAuthClientsPlan,
    private readonly gitCredentials: GitCredentialsPlan,
    private readonly changes: ConfigChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GANTRY_CONFIG is applied at every start (never pruning); a file that cannot be applied stops the start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.GANTRY_CONFIG) return;
    const loaded = loadConfigFile(this.config.GANTRY_CONFIG);
    const report = await this.apply(loaded);
    this.logger.log(`${loaded.name} (GANTRY_CONFIG) applied: ${describeSummary(report)}`);
  }

  async apply(loaded: LoadedConfigFile, options: ApplyOptions = {}): Promise<ConfigApplyReport> {
    const { planned, context } = await this.plan(loaded, options.prune ?? false);
    if (!options.dryRun) {
      const pending = planned.filter((change) => change.apply);
      for (const [index, change] of pending.entries()) {
        options.onProgress?.(index, pending.length, change.name);
        await change.apply!();
        const { apply: _apply, ...recorded } = change;
        const teamId = change.team ? (context.teamIds.get(change.team) ?? null) : null;
        await this.changes.record({ ...recorded, actor: 'config', teamId, file: loaded.name, at: new Date() });
      }
      options.onProgress?.(pending.length, pending.length, 'done');
    }
    return toReport(planned, options);
  }

  private async plan(loaded: LoadedConfigFile, prune: boolean): Promise<{ planned: PlannedChange[]; context: PlanContext }> {
    const context = new PlanContext(loaded, prune);
    const changes = await this.users.plan(context);
    await this.users.resolveOthers(context, referencedPeople(loaded.file));
    if (context.problems.length > 0) throw new ConfigFileError('CONFIG_REFERENCE_UNKNOWN', loaded.name, context.problems);
    for (const [slug, team] of Object.entries(loaded.file.teams ?? {})) {
      changes.push(...(await this.teams.plan(context, slug, team)));
      changes.push(...(await this.odooConnections.plan(context, slug, team)));
      changes.push(...(await this.apiKeys.plan(context, slug, team)));
      changes.push(...(await this.oauthClients.plan(context, slug, team)));
      changes.push(...(await this.gitCredentials.plan(context, slug, team)));
    }
    if (context.problems.length > 0) throw new ConfigFileError('CONFIG_CONFLICT', loaded.name, context.problems);
    return { planned: changes, context };
  }
}

/** Every person the teams name (owners, members, key owners), with where the file names them. */
function referencedPeople(file: ConfigFile): Array<{ email: string; path: Array<string | number> }> {
  return Object.entries(file.teams ?? {}).flatMap(([slug, team]) => [
    { email: team.owner, path: ['teams', slug, 'owner'] },
    ...(team.members ?? []).map((member, index) => ({ email: member.email, path: ['teams', slug, 'members', index, 'email'] })),
    ...Object.entries(team.api_keys ?? {}).map(([name, key]) => ({ email: key.owner, path: ['teams', slug, 'api_keys', name, 'owner'] })),
  ]);
}

function toReport(planned: PlannedChange[], options: ApplyOptions): ConfigApplyReport {
  const count = (action: string) => planned.filter((change) => change.action === action).length;
  const summary = { created: count('create'), updated: count('update'), deleted: count('delete'), unchanged: count('unchanged'), changed: 0 };
  summary.changed = summary.created + summary.updated + summary.deleted;
  return {
    dryRun: options.dryRun ?? false,
    prune: options.prune ?? false,
    changes: planned.map(({ apply: _apply, ...change }) => change),
    summary,
  };
}

export function describeSummary(report: ConfigApplyReport): string {
  const { created, updated, deleted, unchanged, changed } = report.summary;
  return `${changed} changed (${created} created, ${updated} updated, ${deleted} deleted), ${unchanged} unchanged`;
}
