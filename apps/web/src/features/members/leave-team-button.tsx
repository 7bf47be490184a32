'use client';

import { LogOut } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { useLeaveTeam } from './members-api';

export function LeaveTeamButton({ teamId, teamName, ownUserId }: { teamId: string; teamName: string; ownUserId: string }) {
  const router = useRouter();
  const leave = useLeaveTeam(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline">
          <LogOut aria-hidden />
          Leave team
        </Button>
      }
      title={`Leave ${teamName}?`}
      description="You lose access to this team at once. To come back, you need a new invitation."
      confirmLabel="Leave team"
      pendingLabel="Leaving…"
      onConfirm={async () => {
        await leave.mutateAsync(ownUserId);
        toast(`You left ${teamName}`);
        router.replace('/');
      }}
    />
  );
}
