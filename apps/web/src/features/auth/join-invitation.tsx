'use client';

import type { InvitationPreview, User } from '@gantry/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/lib/form-errors';
import { queryKeys } from '@/lib/query-keys';
import { joinInvitation } from './auth-api';

/** Someone already signed in as the invited email joins with one click: no password is asked here. */
export function JoinInvitation({ token, preview, user }: { token: string; preview: InvitationPreview; user: User }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => joinInvitation(token),
    onSuccess: async (me) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.teams });
      const membership = me.memberships.find((m) => m.team.slug === preview.team.slug);
      router.replace(membership ? `/teams/${membership.team.id}/members` : '/');
    },
  });

  return (
    <div className="grid gap-4">
      <FormError message={mutation.isError ? errorMessage(mutation.error) : ''} />
      <p className="text-sm text-muted-foreground">
        You are signed in as <strong className="font-medium text-foreground">{user.email}</strong>.
      </p>
      <Button disabled={mutation.isPending || mutation.isSuccess} onClick={() => mutation.mutate()}>
        {mutation.isPending ? 'Joining…' : `Join ${preview.team.name}`}
      </Button>
    </div>
  );
}
