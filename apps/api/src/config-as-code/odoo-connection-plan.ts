import { Injectable } from '@nestjs/common';
import { ConfigTeam } from '@gantry/contracts';
import { OdooConnectionsService } from '../odoo-connections/odoo-connections.service';
import { compareObject, deletion, PlanContext, PlannedChange } from './config-plan';

/** A team's Odoo connection: the secret comes from `secret_env` and is stored only as vault ciphertext. */
@Injectable()
export class OdooConnectionPlan {
  constructor(private readonly connections: OdooConnectionsService) {}

  async plan(context: PlanContext, slug: string, team: ConfigTeam): Promise<PlannedChange[]> {
    const teamId = context.teamIds.get(slug);
    const stored = teamId ? await this.connections.readConfigured(teamId) : null;
    const object = { kind: 'odoo_connection' as const, name: `teams.${slug}.odoo`, team: slug };
    if (!team.odoo) return context.prune && stored && teamId ? [deletion(object, () => this.connections.removeForTeam(teamId))] : [];
    const { secret_env: secretEnv, ...plain } = team.odoo;
    const secret = context.loaded.secret(secretEnv);
    return [
      compareObject(
        object,
        stored ? { name: stored.name, url: stored.url, database: stored.database, login: stored.login } : null,
        plain,
        { secret: stored?.secret !== secret },
        async () => {
          await this.connections.putForTeam(context.teamId(slug), { ...plain, secret });
        },
      ),
    ];
  }
}
