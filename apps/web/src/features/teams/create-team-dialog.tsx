'use client';

import { useRouter } from 'next/navigation';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { toast } from '@/components/ui/toast';
import { CreateTeamForm } from './create-team-form';

export function CreateTeamDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create a team</DialogTitle>
          <DialogDescription>You will be its owner and can invite others afterwards.</DialogDescription>
        </DialogHeader>
        <CreateTeamForm
          onCreated={(team) => {
            onOpenChange(false);
            toast(`Team “${team.name}” created`);
            router.push(`/teams/${team.id}/members`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
