import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TeamsService } from '../teams/teams.service';
import { WorkspacesService } from './workspaces.service';

const IDLE_CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Start-up reconciliation (in the background: the API serves at once, engine or not) and the
 * periodic idle policy. `settled` resolves when the start-up pass has finished.
 */
@Injectable()
export class WorkspaceReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Workspaces');
  private timer?: NodeJS.Timeout;
  settled: Promise<{ adopted: string[]; refreshed: number }> = Promise.resolve({ adopted: [], refreshed: 0 });

  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly teams: TeamsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.WORKSPACES_ENABLED) return;
    this.settled = this.workspaces
      .reconcile((teamId) => this.teams.slugOf(teamId))
      .then((outcome) => {
        if (outcome.adopted.length > 0) this.logger.log(`reconciled: adopted ${outcome.adopted.join(', ')}`);
        return outcome;
      })
      .catch((error: unknown) => {
        this.logger.warn(`reconciling workspaces with the engine failed: ${error instanceof Error ? error.message : String(error)}`);
        return { adopted: [], refreshed: 0 };
      });
    this.timer = setInterval(() => void this.workspaces.enforceIdlePolicy().catch(() => undefined), IDLE_CHECK_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
