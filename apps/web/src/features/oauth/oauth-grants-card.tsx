'use client';

import { Plug } from 'lucide-react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useOAuthGrants, useRevokeOAuthGrant } from './oauth-api';

/** AI clients connected by OAuth: yours, or the whole team's for owners and admins; disconnecting ends their tokens. */
export function OAuthGrantsCard({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const grants = useOAuthGrants(teamId);
  const revoke = useRevokeOAuthGrant(teamId);
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>Connected apps</CardTitle>
        <CardDescription>
          {canManage ? 'Every AI client a member of this team connected by OAuth.' : 'The AI clients you connected to this team by OAuth.'} Disconnecting
          one stops its access on its next request.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {grants.isPending ? (
          <Spinner label="Loading connected apps" />
        ) : grants.isError ? (
          <FormError message={errorMessage(grants.error)} />
        ) : grants.data.length === 0 ? (
          <EmptyState icon={Plug} title="No connected apps" description="Connect a client with the OAuth steps above; it will be listed here." />
        ) : (
          <Table aria-label="Connected apps">
            <TableHeader>
              <TableRow>
                <TableHead>Client</TableHead>
                {canManage && <TableHead>Member</TableHead>}
                <TableHead>Scopes</TableHead>
                <TableHead>Connected</TableHead>
                <TableHead className="sr-only">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {grants.data.map((grant) => (
                <TableRow key={grant.id}>
                  <TableCell className="font-medium">{grant.client.name}</TableCell>
                  {canManage && <TableCell>{grant.user.email || grant.user.name}</TableCell>}
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {grant.scopes.map((scope) => (
                        <Badge key={scope} variant="outline" className="font-mono">
                          {scope}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>{formatDateTime(grant.createdAt)}</TableCell>
                  <TableCell className="text-right">
                    <ConfirmDialog
                      trigger={
                        <Button variant="outline" size="sm" aria-label={`Disconnect ${grant.client.name}`}>
                          Disconnect
                        </Button>
                      }
                      title={`Disconnect ${grant.client.name}?`}
                      description="Its access and refresh tokens stop working at once. Connecting it again needs a new sign-in."
                      confirmLabel="Disconnect"
                      pendingLabel="Disconnecting…"
                      onConfirm={() => revoke.mutateAsync(grant.id)}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
