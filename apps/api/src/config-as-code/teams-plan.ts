import { Injectable } from '@nestjs/common';
import { ConfigTeam, DEFAULT_MCP_POLICY, McpPolicy, AUDIT_RETENTION_DAYS_DEFAULT } from '@gantry/contracts';
import { Types } from 'mongoose';
import { ConfiguredTeam, TeamsService } from '../teams/teams.service';
import { UsersService } from '../users/users.service';
import { compareObject, deletion, PlanContext, PlannedChange } from './config-plan';

/** Teams of the file: the team (name, owner), its settings (retention, MCP policy, rate limits) and its members. */
@Injectable()
export class TeamsPlan {
  constructor(
    private readonly teams: TeamsService,
    private readonly users: UsersService,
  ) {}

  async plan(context: PlanContext, slug: string, team: ConfigTeam): Promise<PlannedChange[]> {
    const existing = await this.teams.findBySlug(slug);
    if (existing) context.teamIds.set(slug, existing.id);
    const ownerEmail = existing ? ((await this.users.findById(existing.ownerId))?.email ?? null) : null;
    const changes = [
      compareObject(
        { kind: 'team', name: `teams.${slug}`, team: slug },
        existing ? { name: existing.name, owner: ownerEmail } : null,
        { name: team.name, owner: team.owner },
        {},
        async () => {
          if (!existing) {
            const created = await this.teams.create({ name: team.name, slug }, context.userId(team.owner));
            context.teamIds.set(slug, created.id);
            return;
          }
          if (existing.name !== team.name) await this.teams.applyConfiguredSettings(existing.id, { name: team.name });
          if (ownerEmail !== team.owner) await this.teams.setConfiguredOwner(existing.id, context.userId(team.owner));
        },
      ),
    ];
    const settings = this.planSettings(context, slug, team, existing);
    if (settings) changes.push(settings);
    changes.push(...(await this.planMembers(context, slug, team, existing)));
    return changes;
  }

  /** Keys the file leaves out keep their stored values; with --prune they go back to the defaults. */
  private planSettings(context: PlanContext, slug: string, team: ConfigTeam, existing: ConfiguredTeam | null): PlannedChange | null {
    const mentioned = team.audit_retention_days !== undefined || team.policy !== undefined || team.rate_limits !== undefined;
    if (!mentioned && !context.prune) return null;
    const stored = { auditRetentionDays: existing?.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT, mcpPolicy: existing?.mcpPolicy ?? DEFAULT_MCP_POLICY };
    const base = context.prune ? { auditRetentionDays: AUDIT_RETENTION_DAYS_DEFAULT, mcpPolicy: DEFAULT_MCP_POLICY } : stored;
    const wanted = { auditRetentionDays: team.audit_retention_days ?? base.auditRetentionDays, mcpPolicy: policyFromFile(team, base.mcpPolicy) };
    const change = compareObject({ kind: 'team_settings', name: `teams.${slug} settings`, team: slug }, flatten(stored), flatten(wanted), {}, () =>
      this.teams.applyConfiguredSettings(context.teamId(slug), wanted),
    );
    // A new team's settings are part of its creation, however they compare with the defaults.
    return existing ? change : { ...change, action: 'create', apply: change.apply ?? (() => this.teams.applyConfiguredSettings(context.teamId(slug), wanted)) };
  }

  private async planMembers(context: PlanContext, slug: string, team: ConfigTeam, existing: ConfiguredTeam | null): Promise<PlannedChange[]> {
    if (!team.members) return [];
    const stored = new Map((existing?.members ?? []).map((member) => [member.userId, member.role]));
    const changes = team.members.map((member) =>
      compareObject(
        { kind: 'member', name: `teams.${slug}.members ${member.email}`, team: slug },
        existing && context.userIds.has(member.email) && stored.has(context.userIds.get(member.email)!)
          ? { role: stored.get(context.userIds.get(member.email)!) }
          : null,
        { role: member.role },
        {},
        () => this.teams.putConfiguredMember(context.teamId(slug), context.userId(member.email), member.role),
      ),
    );
    if (context.prune && existing) {
      const listed = new Set([team.owner, ...team.members.map((member) => member.email)].map((email) => context.userIds.get(email)).filter(Boolean));
      const others = existing.members.filter((member) => !listed.has(member.userId) && member.userId !== existing.ownerId);
      const people = new Map(
        (await this.users.findByIds(others.map((member) => new Types.ObjectId(member.userId)))).map((user) => [user.id as string, user.email]),
      );
      for (const member of others) {
        changes.push(
          deletion({ kind: 'member', name: `teams.${slug}.members ${people.get(member.userId) ?? member.userId}`, team: slug }, () =>
            this.teams.removeConfiguredMember(existing.id, member.userId),
          ),
        );
      }
    }
    return changes;
  }
}

function policyFromFile(team: ConfigTeam, base: McpPolicy): McpPolicy {
  const policy = team.policy ?? {};
  const limits = team.rate_limits ?? {};
  return {
    ...base,
    readOnly: policy.read_only ?? base.readOnly,
    allowedModels: policy.allowed_models ?? base.allowedModels,
    deniedModels: policy.denied_models ?? base.deniedModels,
    deniedFields: policy.denied_fields ?? base.deniedFields,
    rateLimits: {
      callsPerMinute: limits.calls_per_minute ?? base.rateLimits.callsPerMinute,
      writesPerMinute: limits.writes_per_minute ?? base.rateLimits.writesPerMinute,
    },
    destructiveConfirmation: policy.destructive_confirmation ?? base.destructiveConfirmation,
    approvals: policy.approvals ?? base.approvals,
  };
}

/** One field per policy key (mcpPolicy.rateLimits, …), so a diff names what changed rather than the whole policy. */
function flatten(settings: { auditRetentionDays: number; mcpPolicy: McpPolicy }): Record<string, unknown> {
  return {
    auditRetentionDays: settings.auditRetentionDays,
    ...Object.fromEntries(Object.entries(settings.mcpPolicy).map(([key, value]) => [`mcpPolicy.${key}`, value])),
  };
}
