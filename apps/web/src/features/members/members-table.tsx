'use client';

import type { Member } from '@gantry/contracts';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate } from '@/lib/format';
import { RemoveMemberButton, RoleSelect, TransferOwnershipButton } from './member-row-actions';
import { ROLE_LABELS, ROLE_ORDER } from './role-labels';

type MembersTableProps = { current: CurrentTeam; members: Member[]; ownUserId: string };

export function MembersTable({ current, members, ownUserId }: MembersTableProps) {
  const { team, can } = current;
  const canManage = can('members.manage');
  const canTransfer = can('team.transferOwnership');
  const sorted = [...members].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));

  return (
    <Table aria-label={`Members of ${team.name}`}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Joined</TableHead>
          {(canManage || canTransfer) && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {sorted.map((member) => {
          const isSelf = member.userId === ownUserId;
          // Nobody manages the owner or themselves here: ownership moves only by transfer,
          // and leaving has its own button.
          const manageable = canManage && !isSelf && member.role !== 'owner';
          const rowProps = { teamId: team.id, teamName: team.name, member };
          return (
            <TableRow key={member.userId}>
              <TableCell className="font-medium">
                {member.name}
                {isSelf && <span className="ml-2 text-xs font-normal text-muted-foreground">(you)</span>}
              </TableCell>
              <TableCell className="text-muted-foreground">{member.email}</TableCell>
              <TableCell>
                {manageable ? (
                  <RoleSelect teamId={team.id} member={member} />
                ) : (
                  <Badge variant={member.role === 'owner' ? 'default' : 'secondary'}>{ROLE_LABELS[member.role]}</Badge>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(member.joinedAt)}</TableCell>
              {(canManage || canTransfer) && (
                <TableCell className="w-0 text-right whitespace-nowrap">
                  {canTransfer && !isSelf && <TransferOwnershipButton {...rowProps} />}
                  {manageable && <RemoveMemberButton {...rowProps} />}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
