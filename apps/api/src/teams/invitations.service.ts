import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AcceptInvitationRequest, AssignableRole, CreatedInvitation, Invitation, InvitationPreview, User } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { randomToken, sha256Hex } from '../common/secrets';
import { TeamActor } from '../auth/actor';
import { describeActivity } from '../activity/activity-context';
import { UserDocument } from '../users/user.schema';
import { isDuplicateKeyError, UsersService } from '../users/users.service';
import { InvitationDocument, InvitationRecord } from './invitation.schema';
import { MembershipRecord } from './membership.schema';
import { TeamRecord } from './team.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
const invalidInvitation = () => new DomainError('INVITATION_INVALID', 'This invitation link is invalid, expired, revoked or already used');
const signInRequired = (email: string) =>
  new DomainError('INVITATION_SIGN_IN_REQUIRED', `${email} already has a Gantry account: sign in with it, then open this invitation link again to join`);

@Injectable()
export class InvitationsService {
  constructor(
    @InjectModel(InvitationRecord.name) private readonly invitations: Model<InvitationRecord>,
    @InjectModel(MembershipRecord.name) private readonly memberships: Model<MembershipRecord>,
    @InjectModel(TeamRecord.name) private readonly teams: Model<TeamRecord>,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: TeamActor, input: { email: string; role: AssignableRole }): Promise<CreatedInvitation> {
    const teamId = new Types.ObjectId(actor.team.id);
    const existingUser = await this.users.findByEmail(input.email);
    if (existingUser && (await this.memberships.exists({ teamId, userId: existingUser._id }).exec())) {
      throw new DomainError('ALREADY_MEMBER', `${input.email} is already a member of this team`);
    }
    const token = randomToken();
    // One pending invitation per address and team: a new one replaces the old link.
    await this.invitations.deleteMany({ teamId, email: input.email, acceptedAt: null }).exec();
    const invitation = await this.invitations.create({
      teamId,
      email: input.email,
      role: input.role,
      tokenHash: sha256Hex(token),
      invitedBy: new Types.ObjectId(actor.user.id),
      expiresAt: new Date(Date.now() + this.config.INVITATION_TTL_DAYS * DAY_MS),
    });
    describeActivity({ target: { id: invitation.id as string, label: input.email }, details: { role: input.role } });
    return {
      ...this.toInvitation(invitation, actor.user),
      acceptUrl: `${this.config.PUBLIC_URL}/invitations/${token}`,
    };
  }

  async listPending(actor: TeamActor): Promise<Invitation[]> {
    const pending = await this.invitations
      .find({ teamId: new Types.ObjectId(actor.team.id), acceptedAt: null, expiresAt: { $gt: new Date() } })
      .sort({ createdAt: -1 })
      .exec();
    const inviters = await this.users.findByIds([...new Set(pending.map((invitation) => invitation.invitedBy.toString()))].map((id) => new Types.ObjectId(id)));
    const names = new Map(inviters.map((user) => [user.id as string, { id: user.id as string, name: user.name }]));
    return pending.map((invitation) =>
      this.toInvitation(invitation, names.get(invitation.invitedBy.toString()) ?? { id: invitation.invitedBy.toString(), name: 'a former member' }),
    );
  }

  async revoke(actor: TeamActor, invitationId: string): Promise<void> {
    const id = parseObjectId(invitationId);
    if (!id) throw notFound('Invitation');
    const revoked = await this.invitations
      .findOneAndDelete({ _id: id, teamId: new Types.ObjectId(actor.team.id), acceptedAt: null })
      .lean()
      .exec();
    if (!revoked) throw notFound('Invitation');
    describeActivity({ target: { label: revoked.email }, details: { role: revoked.role } });
  }

  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.findUsable(token);
    const team = await this.teams.findById(invitation.teamId).exec();
    if (!team) throw invalidInvitation();
    return {
      team: { name: team.name, slug: team.slug },
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /**
   * Accepting as a new account: creates it and joins. An existing account is told to sign in
   * first, whatever password was sent — none is ever checked here, so this is no password oracle.
   * Only a successful acceptance enters the team's trail: a refused one would tell the team's
   * admins whether the invited email has an account.
   */
  async acceptAsNewAccount(input: AcceptInvitationRequest): Promise<UserDocument> {
    const invitation = await this.findUsable(input.token);
    if (await this.users.findByEmail(invitation.email)) throw signInRequired(invitation.email);
    if (!input.name) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request: name: is required for a new account', {
        fields: [{ path: 'name', message: 'is required for a new account' }],
      });
    }
    const name = input.name;
    const user = await this.redeem(invitation, async () => {
      let user: UserDocument;
      try {
        user = await this.users.create({ email: invitation.email, name, password: input.password });
      } catch (error) {
        // The account was created in between: same answer as above.
        if (error instanceof DomainError && error.code === 'EMAIL_TAKEN') throw signInRequired(invitation.email);
        throw error;
      }
      try {
        await this.memberships.create({ teamId: invitation.teamId, userId: user._id, role: invitation.role });
      } catch (error) {
        await this.users.deleteById(user._id);
        throw error;
      }
      return user;
    });
    this.describeJoin(invitation, user.id as string, invitation.email);
    describeActivity({ action: 'invitations.accept' });
    return user;
  }

  /** A signed-in account joins the team it was invited to; only the account with the invited email may. */
  async join(user: User, token: string): Promise<void> {
    const invitation = await this.findUsable(token);
    if (invitation.email !== user.email.toLowerCase()) {
      throw new DomainError(
        'INVITATION_FOR_ANOTHER_ACCOUNT',
        `This invitation is for ${invitation.email}, and you are signed in as ${user.email}. Sign in as ${invitation.email} to accept it.`,
      );
    }
    await this.redeem(invitation, () => this.memberships.create({ teamId: invitation.teamId, userId: new Types.ObjectId(user.id), role: invitation.role }));
    this.describeJoin(invitation, user.id, user.email);
  }

  /** Joining is the team's event: the new member, by the invitation's role. */
  private describeJoin(invitation: InvitationDocument, userId: string, email: string): void {
    describeActivity({
      teamId: invitation.teamId.toHexString(),
      target: { resource: 'members', id: userId, label: email },
      details: { role: invitation.role, invitation: invitation.id as string },
    });
  }

  /**
   * The invitation is claimed atomically first (so a link works once), then `join` writes the
   * membership (and the account); if it fails the claim is released so nothing is half-done.
   */
  private async redeem<T>(invitation: InvitationDocument, join: () => Promise<T>): Promise<T> {
    const claimed = await this.invitations
      .findOneAndUpdate({ _id: invitation._id, acceptedAt: null }, { $set: { acceptedAt: new Date() } }, { returnDocument: 'after' })
      .exec();
    if (!claimed) throw invalidInvitation();
    try {
      return await join();
    } catch (error) {
      await this.invitations.updateOne({ _id: invitation._id }, { $set: { acceptedAt: null } }).exec();
      if (isDuplicateKeyError(error)) throw new DomainError('ALREADY_MEMBER', 'You are already a member of this team');
      throw error;
    }
  }

  /** TTL indexes are not honoured by every MongoDB-compatible server; this keeps retention real everywhere. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.invitations.deleteMany({ expiresAt: { $lte: now } }).exec();
    return result.deletedCount;
  }

  private async findUsable(token: string): Promise<InvitationDocument> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw invalidInvitation();
    const invitation = await this.invitations.findOne({ tokenHash: sha256Hex(token) }).exec();
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) throw invalidInvitation();
    return invitation;
  }

  private toInvitation(invitation: InvitationDocument, invitedBy: { id: string; name: string }): Invitation {
    return {
      id: invitation.id as string,
      email: invitation.email,
      role: invitation.role,
      invitedBy: { id: invitedBy.id, name: invitedBy.name },
      createdAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }
}
