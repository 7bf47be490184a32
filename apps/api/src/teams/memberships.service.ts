import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MembershipSummary, Role, TeamSummary } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { parseObjectId } from '../common/ids';
import { MembershipRecord } from './membership.schema';
import { TeamDocument, TeamRecord } from './team.schema';

export function toTeamSummary(team: TeamDocument): TeamSummary {
  return { id: team.id as string, slug: team.slug, name: team.name };
}

export function effectiveRole(team: Pick<TeamRecord, 'ownerId'>, userId: string, storedRole: Role): Role {
  return team.ownerId.toString() === userId ? 'owner' : storedRole;
}

/** Answers "may this user act in this team, and as what" — the question every team-scoped request asks. */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectModel(TeamRecord.name) private readonly teams: Model<TeamRecord>,
    @InjectModel(MembershipRecord.name) private readonly memberships: Model<MembershipRecord>,
  ) {}

  async resolveAccess(teamId: string, userId: string): Promise<{ team: TeamSummary; role: Role } | null> {
    const teamObjectId = parseObjectId(teamId);
    const userObjectId = parseObjectId(userId);
    if (!teamObjectId || !userObjectId) return null;
    const [team, membership] = await Promise.all([
      this.teams.findById(teamObjectId).exec(),
      this.memberships.findOne({ teamId: teamObjectId, userId: userObjectId }).lean().exec(),
    ]);
    if (!team || !membership) return null;
    return { team: toTeamSummary(team), role: effectiveRole(team, userId, membership.role) };
  }

  async listForUser(userId: string | Types.ObjectId): Promise<MembershipSummary[]> {
    const memberships = await this.memberships.find({ userId }).lean().exec();
    const teams = await this.teams.find({ _id: { $in: memberships.map((membership) => membership.teamId) } }).exec();
    const byId = new Map(teams.map((team) => [team.id as string, team]));
    return memberships
      .flatMap((membership) => {
        const team = byId.get(membership.teamId.toString());
        return team ? [{ team: toTeamSummary(team), role: effectiveRole(team, userId.toString(), membership.role) }] : [];
      })
      .sort((a, b) => a.team.name.localeCompare(b.team.name));
  }
}
