'use client';

import type { Invitation } from '@gantry/contracts';
import { X } from 'lucide-react';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { formatDate } from '@/lib/format';
import { useInvitations, useRevokeInvitation } from './members-api';
import { ROLE_LABELS } from './role-labels';

export function PendingInvitations({ teamId }: { teamId: string }) {
  const invitations = useInvitations(teamId);
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>Pending invitations</CardTitle>
        <CardDescription>Links that have not been used yet. Revoking one makes its link stop working.</CardDescription>
      </CardHeader>
      <CardContent>
        {invitations.isPending ? (
          <Spinner label="Loading invitations" />
        ) : invitations.isError ? (
          <FormError message={errorMessage(invitations.error)} />
        ) : invitations.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pending invitations.</p>
        ) : (
          <Table aria-label="Pending invitations">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Invited by</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invitations.data.map((invitation) => (
                <InvitationRow key={invitation.id} teamId={teamId} invitation={invitation} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function InvitationRow({ teamId, invitation }: { teamId: string; invitation: Invitation }) {
  const revoke = useRevokeInvitation(teamId);
  return (
    <TableRow>
      <TableCell className="font-medium">{invitation.email}</TableCell>
      <TableCell>{ROLE_LABELS[invitation.role]}</TableCell>
      <TableCell className="text-muted-foreground">{invitation.invitedBy.name}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(invitation.expiresAt)}</TableCell>
      <TableCell className="w-0 text-right">
        <Button
          variant="ghost"
          size="sm"
          disabled={revoke.isPending}
          aria-label={`Revoke invitation for ${invitation.email}`}
          onClick={() =>
            revoke.mutate(invitation.id, {
              onSuccess: () => toast(`Invitation for ${invitation.email} revoked`),
              onError: (error) => toast('Could not revoke the invitation', { description: errorMessage(error), variant: 'destructive' }),
            })
          }
        >
          <X aria-hidden />
          {revoke.isPending ? 'Revoking…' : 'Revoke'}
        </Button>
      </TableCell>
    </TableRow>
  );
}
