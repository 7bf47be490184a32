'use client';

import { ASSIGNABLE_ROLES, type AssignableRole, type Member } from '@gantry/contracts';
import { Crown, Trash2 } from 'lucide-react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { toast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useChangeRole, useRemoveMember, useTransferOwnership } from './members-api';
import { ROLE_LABELS } from './role-labels';

type RowProps = { teamId: string; teamName: string; member: Member };

export function RoleSelect({ teamId, member }: Omit<RowProps, 'teamName'>) {
  const changeRole = useChangeRole(teamId);
  return (
    <Select
      value={member.role}
      disabled={changeRole.isPending}
      onValueChange={(role) =>
        changeRole.mutate(
          { userId: member.userId, role: role as AssignableRole },
          {
            onSuccess: (updated) => toast(`${updated.name} is now ${ROLE_LABELS[updated.role].toLowerCase()}`),
            onError: (error) => toast('Could not change the role', { description: errorMessage(error), variant: 'destructive' }),
          },
        )
      }
    >
      <SelectTrigger size="sm" className="w-28" aria-label={`Role of ${member.name}`}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ASSIGNABLE_ROLES.map((role) => (
          <SelectItem key={role} value={role}>
            {ROLE_LABELS[role]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export function RemoveMemberButton({ teamId, teamName, member }: RowProps) {
  const removeMember = useRemoveMember(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Remove ${member.name}`} title={`Remove ${member.name}`}>
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Remove ${member.name}?`}
      description={`${member.name} (${member.email}) loses access to ${teamName} at once. You can invite them again later.`}
      confirmLabel="Remove member"
      pendingLabel="Removing…"
      onConfirm={async () => {
        await removeMember.mutateAsync(member.userId);
        toast(`${member.name} was removed from ${teamName}`);
      }}
    />
  );
}

export function TransferOwnershipButton({ teamId, teamName, member }: RowProps) {
  const transfer = useTransferOwnership(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Transfer ownership to ${member.name}`} title={`Transfer ownership to ${member.name}`}>
          <Crown aria-hidden />
        </Button>
      }
      title={`Make ${member.name} the owner?`}
      description={`${member.name} becomes the owner of ${teamName} and you become an admin. Only the new owner can give ownership back.`}
      confirmLabel="Transfer ownership"
      pendingLabel="Transferring…"
      onConfirm={async () => {
        await transfer.mutateAsync(member.userId);
        toast(`${member.name} now owns ${teamName}`);
      }}
    />
  );
}
