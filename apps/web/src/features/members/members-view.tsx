'use client';

import Link from 'next/link';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { useCurrentTeam, type CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { InviteMemberDialog } from './invite-member-dialog';
import { LeaveTeamButton } from './leave-team-button';
import { useMembers } from './members-api';
import { MembersTable } from './members-table';
import { PendingInvitations } from './pending-invitations';

export function MembersView({ teamId }: { teamId: string }) {
  const session = useSession();
  const teams = useCurrentTeam(teamId);
  const { current } = teams;

  if (teams.isPending || session.status !== 'authenticated') return <Spinner label="Loading team" />;
  if (teams.isError) return <FormError message={errorMessage(teams.error)} />;
  if (!current) {
    return (
      <div className="grid justify-items-start gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Team not found</h1>
        <p className="text-muted-foreground">This team does not exist, or you are not one of its members.</p>
        <Button asChild variant="outline">
          <Link href="/">Go to your teams</Link>
        </Button>
      </div>
    );
  }

  const { team, can } = current;
  const ownUserId = session.session.user.id;
  const canInvite = can('members.invite');
  return (
    <div className="grid gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
          <p className="mt-1 text-muted-foreground">
            Who belongs to <span className="font-medium text-foreground">{team.name}</span>, and what each may do.
          </p>
        </div>
        <div className="flex gap-2">
          {team.role !== 'owner' && <LeaveTeamButton teamId={team.id} teamName={team.name} ownUserId={ownUserId} />}
          {canInvite && <InviteMemberDialog teamId={team.id} teamName={team.name} />}
        </div>
      </div>
      <MembersCard teamId={teamId} current={current} ownUserId={ownUserId} />
      {canInvite && <PendingInvitations teamId={team.id} />}
    </div>
  );
}

function MembersCard({
  teamId,
  current,
  ownUserId,
}: {
  teamId: string;
  current: CurrentTeam;
  ownUserId: string;
}) {
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
