'use client';

import type { Member } from '@gantry/contracts';
import { createColumnHelper, type SortFn } from '@tanstack/react-table';
import { useMemo } from 'react';
import { actionsColumn, compareText, DataTable, textFilter, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { Badge } from '@/components/ui/badge';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate } from '@/lib/format';
import { RemoveMemberButton, RoleSelect, TransferOwnershipButton } from './member-row-actions';
import { ROLE_LABELS, ROLE_ORDER } from './role-labels';

type MembersTableProps = { current: CurrentTeam; members: Member[]; ownUserId: string };

type MemberRowContext = { teamId: string; teamName: string; ownUserId: string; canManage: boolean; canTransfer: boolean };

const column = createColumnHelper<DataTableFeatures, Member>();

/** Owner, admins, members; by name within a role. Ascending is the order the page always had. */
const byRole: SortFn<DataTableFeatures, Member> = (a, b) =>
  ROLE_ORDER[a.original.role] - ROLE_ORDER[b.original.role] || compareText(a.original.name, b.original.name);

function columns({ teamId, teamName, ownUserId, canManage, canTransfer }: MemberRowContext) {
  // Nobody manages the owner or themselves here: ownership moves only by transfer,
  // and leaving has its own button.
  const manageable = (member: Member) => canManage && member.userId !== ownUserId && member.role !== 'owner';
  return column.columns([
    column.accessor('name', {
      header: 'Name',
      sortFn: 'text',
      filterFn: textFilter((member: Member) => [member.name, member.email]),
      cell: ({ row }) => (
        <>
          {row.original.name}
          {row.original.userId === ownUserId && <span className="ml-2 text-xs font-normal text-muted-foreground">(you)</span>}
        </>
      ),
      meta: { cellClassName: 'font-medium' },
    }),
    column.accessor('email', { header: 'Email', sortFn: 'text', meta: { cellClassName: 'text-muted-foreground' } }),
    column.accessor('role', {
      header: 'Role',
      sortFn: byRole,
      cell: ({ row }) => {
        const member = row.original;
        return manageable(member) ? (
          <RoleSelect teamId={teamId} member={member} />
        ) : (
          <Badge variant={member.role === 'owner' ? 'default' : 'secondary'}>{ROLE_LABELS[member.role]}</Badge>
        );
      },
    }),
    column.accessor('joinedAt', {
      header: 'Joined',
      sortFn: 'basic',
      sortDescFirst: true,
      cell: (info) => formatDate(info.getValue()),
      meta: { cellClassName: 'whitespace-nowrap text-muted-foreground' },
    }),
    ...(canManage || canTransfer
      ? [
          actionsColumn<Member>((member) => {
            const rowProps = { teamId, teamName, member };
            return (
              <>
                {canTransfer && member.userId !== ownUserId && <TransferOwnershipButton {...rowProps} />}
                {manageable(member) && <RemoveMemberButton {...rowProps} />}
              </>
            );
          }),
        ]
      : []),
  ]);
}

export function MembersTable({ current, members, ownUserId }: MembersTableProps) {
  const { team, can } = current;
  const canManage = can('members.manage');
  const canTransfer = can('team.transferOwnership');
  const { id: teamId, name: teamName } = team;
  const tableColumns = useMemo(() => columns({ teamId, teamName, ownUserId, canManage, canTransfer }), [teamId, teamName, ownUserId, canManage, canTransfer]);
  const table = useDataTable({
    columns: tableColumns,
    data: members,
    getRowId: (member) => member.userId,
    initialState: { sorting: [{ id: 'role', desc: false }] },
  });

  return (
    <DataTable
      table={table}
      aria-label={`Members of ${team.name}`}
      filter={{ columnId: 'name', label: 'Filter members', placeholder: 'Filter by name or email…' }}
      noMatches={(text) => `No members match “${text}”.`}
    />
  );
}
