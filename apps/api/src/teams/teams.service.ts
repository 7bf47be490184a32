import { Injectable } from '@nestjs/common';
import { AssignableRole, AUDIT_RETENTION_DAYS_DEFAULT, McpPolicy, mcpPolicySchema, Member, Role, Team, UpdateTeamRequest } from '@gantry/contracts';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CredentialCacheService } from '../credential-cache/credential-cache.service';
import { Authorization } from '../authorization/authorization.service';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { TeamActor } from '../auth/actor';
import { isDuplicateKeyError, UsersService } from '../users/users.service';
import { describeActivity } from '../activity/activity-context';
import { fieldChanges } from '../activity/field-changes';
import { MembershipRecord } from './membership.schema';
import { effectiveRole } from './memberships.service';
import { TeamEvents } from './team-events';
import { TeamDocument, TeamRecord } from './team.schema';

/** A team as configuration as code compares it with the file. */
export interface ConfiguredTeam {
  id: string;
  slug: string;
  name: string;
  ownerId: string;
  auditRetentionDays: number;
  mcpPolicy: McpPolicy;
  /** Stored roles; the owner's is their fallback role. */
  members: Array<{ userId: string; role: AssignableRole }>;
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `team-${slug}`.replace(/-$/, '');
}

function toTeam(team: TeamDocument, role: Role): Team {
  return {
    id: team.id as string,
    slug: team.slug,
    name: team.name,
    createdAt: team.createdAt.toISOString(),
    role,
    settings: {
      auditRetentionDays: team.settings?.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT,
      mcpPolicy: mcpPolicySchema.parse(team.settings?.mcpPolicy ?? {}),
    },
  };
}

/** What an owner can change on the team: the trail compares these before and after. */
function editableFields(team: Team): Pick<Team, 'name' | 'slug' | 'settings'> {
  return { name: team.name, slug: team.slug, settings: team.settings };
}

@Injectable()
export class TeamsService {
  constructor(
    @InjectModel(TeamRecord.name) private readonly teams: Model<TeamRecord>,
    @InjectModel(MembershipRecord.name) private readonly memberships: Model<MembershipRecord>,
    private readonly users: UsersService,
    private readonly credentials: CredentialCacheService,
    private readonly authorization: Authorization,
    private readonly events: TeamEvents,
  ) {}

  /** Creates the team and the owner's membership; undoes the team if the membership cannot be written. */
  async create(input: { name: string; slug?: string }, ownerId: string): Promise<Team> {
    const team = await this.insertTeam(input, new Types.ObjectId(ownerId));
    try {
      await this.memberships.create({ teamId: team._id, userId: team.ownerId, role: 'admin' });
    } catch (error) {
      await this.teams.deleteOne({ _id: team._id }).exec();
      throw error;
    }
    describeActivity({ teamId: team.id as string, target: { resource: 'teams', id: team.id as string, label: team.name } });
    return toTeam(team, 'owner');
  }

  private async insertTeam(input: { name: string; slug?: string }, ownerId: Types.ObjectId): Promise<TeamDocument> {
    const base = input.slug ?? slugify(input.name);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const slug = attempt === 0 ? base : `${base.slice(0, 33)}-${Math.random().toString(36).slice(2, 8)}`;
      try {
        return await this.teams.create({ slug, name: input.name, ownerId });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (input.slug) throw new DomainError('TEAM_SLUG_TAKEN', `The slug "${input.slug}" is already taken`);
      }
    }
    throw new DomainError('TEAM_SLUG_TAKEN', 'Could not find a free slug for this team name; give one explicitly');
  }

  async listForUser(userId: string): Promise<Team[]> {
    const memberships = await this.memberships
      .find({ userId: new Types.ObjectId(userId) })
      .lean()
      .exec();
    const teams = await this.teams
      .find({ _id: { $in: memberships.map((membership) => membership.teamId) } })
      .sort({ name: 1 })
      .exec();
    const roles = new Map(memberships.map((membership) => [membership.teamId.toString(), membership.role]));
    return teams.map((team) => toTeam(team, effectiveRole(team, userId, roles.get(team.id as string) ?? 'member')));
  }

  async get(actor: TeamActor): Promise<Team> {
    return toTeam(await this.requireTeam(actor.team.id), actor.role);
  }

  /**
   * One atomic update that returns the team as it was, so the trail's old → new is exactly what this
   * request replaced; the answer is that team with the changes applied.
   */
  async update(actor: TeamActor, changes: UpdateTeamRequest): Promise<Team> {
    try {
      const { settings, ...rest } = changes;
      const update: Record<string, unknown> = { ...rest };
      if (settings?.auditRetentionDays !== undefined) update['settings.auditRetentionDays'] = settings.auditRetentionDays;
      if (settings?.mcpPolicy !== undefined) update['settings.mcpPolicy'] = settings.mcpPolicy;
      const before = await this.teams.findByIdAndUpdate(actor.team.id, { $set: update }, { returnDocument: 'before', runValidators: true }).exec();
      if (!before) throw notFound('Team');
      this.credentials.invalidateTeam(actor.team.id);
      this.events.settingsChanged(actor.team.id);
      const old = toTeam(before, actor.role);
      const updated: Team = { ...old, ...rest, settings: { ...old.settings, ...settings } };
      describeActivity({ changes: fieldChanges(editableFields(old), editableFields(updated)) });
      return updated;
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError('TEAM_SLUG_TAKEN', `The slug "${changes.slug}" is already taken`);
      throw error;
    }
  }

  async listMembers(actor: TeamActor): Promise<Member[]> {
    const team = await this.requireTeam(actor.team.id);
    const memberships = await this.memberships.find({ teamId: team._id }).sort({ createdAt: 1 }).lean().exec();
    const users = await this.users.findByIds(memberships.map((membership) => membership.userId));
    const byId = new Map(users.map((user) => [user.id as string, user]));
    return memberships.flatMap((membership) => {
      const user = byId.get(membership.userId.toString());
      if (!user) return [];
      return [
        {
          userId: user.id as string,
          email: user.email,
          name: user.name,
          role: effectiveRole(team, user.id as string, membership.role),
          joinedAt: membership.createdAt.toISOString(),
        },
      ];
    });
  }

  async changeRole(actor: TeamActor, userId: string, role: AssignableRole): Promise<Member> {
    const team = await this.requireTeam(actor.team.id);
    const target = parseObjectId(userId);
    if (!target) throw notFound('Member');
    if (team.ownerId.equals(target)) {
      throw new DomainError('CONFLICT', "The owner's role changes only by transferring ownership");
    }
    const membership = await this.memberships
      .findOneAndUpdate({ teamId: team._id, userId: target }, { $set: { role } }, { returnDocument: 'before' })
      .lean()
      .exec();
    if (!membership) throw notFound('Member');
    this.credentials.invalidateMember(actor.team.id, userId);
    const user = await this.users.findById(target);
    if (!user) throw notFound('Member');
    describeActivity({ target: { label: user.email }, changes: fieldChanges({ role: membership.role }, { role }) });
    return { userId, email: user.email, name: user.name, role, joinedAt: membership.createdAt.toISOString() };
  }

  /** Removes a member; a member may remove themselves (leave), others need members.manage. */
  async removeMember(actor: TeamActor, userId: string): Promise<void> {
    const team = await this.requireTeam(actor.team.id);
    const target = parseObjectId(userId);
    if (!target) throw notFound('Member');
    const leaving = target.toString() === actor.user.id;
    if (!leaving) {
      this.authorization.assert(actor, 'members.manage', 'remove a member');
      describeActivity({ permission: 'members.manage' });
    }
    if (team.ownerId.equals(target)) {
      throw new DomainError('OWNER_CANNOT_LEAVE', leaving ? 'Transfer ownership to another member before leaving the team' : 'The owner cannot be removed');
    }
    const removed = await this.memberships.findOneAndDelete({ teamId: team._id, userId: target }).lean().exec();
    if (!removed) throw notFound('Member');
    describeActivity({ target: { label: (await this.users.findById(target))?.email ?? null }, details: { role: removed.role } });
    // Their keys and OAuth grants for this team end with the membership (the owning modules listen):
    // re-inviting the person must not revive them.
    await this.events.memberRemoved(actor.team.id, target.toString());
    this.credentials.invalidateMember(actor.team.id, target.toString());
  }

  /**
   * Two single-document writes, ordered so that no state in between is wrong: the outgoing owner's
   * fallback role is set first (ignored while they own the team), then ownership flips atomically,
   * conditioned on the caller still being the owner.
   */
  async transferOwnership(actor: TeamActor, newOwnerId: string): Promise<void> {
    const team = await this.requireTeam(actor.team.id);
    const target = parseObjectId(newOwnerId);
    if (!target) throw notFound('Member');
    if (team.ownerId.equals(target)) throw new DomainError('CONFLICT', 'This member already owns the team');
    const targetMembership = await this.memberships.exists({ teamId: team._id, userId: target }).exec();
    if (!targetMembership) throw notFound('Member');
    await this.memberships.updateOne({ teamId: team._id, userId: team.ownerId }, { $set: { role: 'admin' } }).exec();
    const flipped = await this.teams.findOneAndUpdate({ _id: team._id, ownerId: new Types.ObjectId(actor.user.id) }, { $set: { ownerId: target } }).exec();
    if (!flipped) throw forbidden('Only the current owner can transfer ownership');
    this.credentials.invalidateTeam(actor.team.id);
    describeActivity({
      target: { resource: 'members', id: target.toHexString(), label: (await this.users.findById(target))?.email ?? null },
      changes: fieldChanges({ ownerId: team.ownerId.toHexString() }, { ownerId: target.toHexString() }),
    });
  }

  /** A team's slug, or null when there is no such team (workspace reconciliation rebuilds records with it). */
  async slugOf(teamId: string): Promise<string | null> {
    const id = parseObjectId(teamId);
    if (!id) return null;
    return (await this.teams.findById(id, { slug: 1 }).lean().exec())?.slug ?? null;
  }

  /** Audit retention of a team, in days (read by the audit writer). */
  async auditRetentionDays(teamId: string): Promise<number> {
    const team = await this.teams.findById(teamId, { settings: 1 }).lean().exec();
    return team?.settings?.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT;
  }

  /** The team's MCP policy with defaults filled in (read by the gateway through a short cache). */
  async mcpPolicy(teamId: string): Promise<McpPolicy> {
    const team = await this.teams.findById(teamId, { settings: 1 }).lean().exec();
    return mcpPolicySchema.parse(team?.settings?.mcpPolicy ?? {});
  }

  /**
   * Configuration as code (config-as-code module): the methods below act for the file, not for a
   * signed-in person, so they take ids instead of an actor; the file's changes are recorded by
   * that module as actor "config".
   */
  async findBySlug(slug: string): Promise<ConfiguredTeam | null> {
    const team = await this.teams.findOne({ slug }).lean().exec();
    if (!team) return null;
    const memberships = await this.memberships.find({ teamId: team._id }).lean().exec();
    return {
      id: team._id.toString(),
      slug: team.slug,
      name: team.name,
      ownerId: team.ownerId.toString(),
      auditRetentionDays: team.settings?.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT,
      mcpPolicy: mcpPolicySchema.parse(team.settings?.mcpPolicy ?? {}),
      members: memberships.map((membership) => ({ userId: membership.userId.toString(), role: membership.role })),
    };
  }

  /** Name, retention and MCP policy as the file says; the gateway drops its cached policy at once. */
  async applyConfiguredSettings(teamId: string, changes: { name?: string; auditRetentionDays?: number; mcpPolicy?: McpPolicy }): Promise<void> {
    const update: Record<string, unknown> = {};
    if (changes.name !== undefined) update.name = changes.name;
    if (changes.auditRetentionDays !== undefined) update['settings.auditRetentionDays'] = changes.auditRetentionDays;
    if (changes.mcpPolicy !== undefined) update['settings.mcpPolicy'] = changes.mcpPolicy;
    await this.teams.updateOne({ _id: new Types.ObjectId(teamId) }, { $set: update }, { runValidators: true }).exec();
    this.credentials.invalidateTeam(teamId);
    this.events.settingsChanged(teamId);
  }

  /** Adds the member or sets their role; the owner's stored role is only their fallback after a transfer. */
  async putConfiguredMember(teamId: string, userId: string, role: AssignableRole): Promise<void> {
    await this.memberships.updateOne({ teamId: new Types.ObjectId(teamId), userId: new Types.ObjectId(userId) }, { $set: { role } }, { upsert: true }).exec();
    this.credentials.invalidateMember(teamId, userId);
  }

  /** Removes a member the file no longer lists (--prune); their keys and grants end as on any removal. */
  async removeConfiguredMember(teamId: string, userId: string): Promise<void> {
    const team = await this.requireTeam(teamId);
    if (team.ownerId.toString() === userId) throw new DomainError('OWNER_CANNOT_LEAVE', 'The owner cannot be removed');
    await this.memberships.deleteOne({ teamId: team._id, userId: new Types.ObjectId(userId) }).exec();
    await this.events.memberRemoved(teamId, userId);
    this.credentials.invalidateMember(teamId, userId);
  }

  /** Makes `userId` the owner (a member first if needed); the previous owner stays an admin, as after a transfer. */
  async setConfiguredOwner(teamId: string, userId: string): Promise<void> {
    const team = await this.requireTeam(teamId);
    const target = new Types.ObjectId(userId);
    await this.memberships.updateOne({ teamId: team._id, userId: team.ownerId }, { $set: { role: 'admin' } }).exec();
    await this.memberships.updateOne({ teamId: team._id, userId: target }, { $setOnInsert: { role: 'admin' } }, { upsert: true }).exec();
    await this.teams.updateOne({ _id: team._id }, { $set: { ownerId: target } }).exec();
    this.credentials.invalidateTeam(teamId);
  }

  private async requireTeam(teamId: string): Promise<TeamDocument> {
    const team = await this.teams.findById(teamId).exec();
    if (!team) throw notFound('Team');
    return team;
  }
}
