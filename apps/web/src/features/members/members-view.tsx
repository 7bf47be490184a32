'use client';

import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { InviteMemberDialog } from './invite-member-dialog';
import { LeaveTeamButton } from './leave-team-button';
import { useMembers } from './members-api';
import { MembersTable } from './members-table';
import { PendingInvitations } from './pending-invitations';

export function MembersView({ teamId }: { teamId: string }) {
  const session = useSession();
  if (session.status !== 'authenticated') return <Spinner label="Loading team" />;
  const ownUserId = session.session.user.id;
  return <TeamScope teamId={teamId}>{(current) => <TeamMembers current={current} ownUserId={ownUserId} />}</TeamScope>;
}

function TeamMembers({ current, ownUserId }: { current: CurrentTeam; ownUserId: string }) {
  const { team, can } = current;
  const canInvite = can('members.invite');
  return (
    <div className="grid gap-8">
      <PageHeader
        title="Members"
        description={
          <>
            Who belongs to <span className="font-medium text-foreground">{team.name}</span>, and what each may do.
          </>
        }
        actions={
          <>
            {team.role !== 'owner' && <LeaveTeamButton teamId={team.id} teamName={team.name} ownUserId={ownUserId} />}
            {canInvite && <InviteMemberDialog teamId={team.id} teamName={team.name} />}
          </>
        }
      />
      <MembersCard teamId={team.id} current={current} ownUserId={ownUserId} />
      {canInvite && <PendingInvitations teamId={team.id} />}
    </div>
  );
}

function MembersCard({ teamId, current, ownUserId }: { teamId: string; current: CurrentTeam; ownUserId: string }) {
  const members = useMembers(teamId);
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>Team members</CardTitle>
        <CardDescription>
          {current.team.role === 'owner'
            ? 'As the owner you can change roles, remove members and hand ownership to someone else.'
            : current.can('members.manage')
              ? 'As an admin you can invite people, change roles and remove members.'
              : 'Owners and admins manage who belongs to this team.'}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {members.isPending ? (
          <Spinner label="Loading members" />
        ) : members.isError ? (
          <FormError message={errorMessage(members.error)} />
        ) : members.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No members yet.</p>
        ) : (
          <MembersTable current={current} members={members.data} ownUserId={ownUserId} />
        )}
      </CardContent>
    </Card>
  );
}
