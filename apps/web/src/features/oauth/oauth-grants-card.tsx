'use client';

import type { OAuthGrant } from '@gantry/contracts';
import { createColumnHelper } from '@tanstack/react-table';
import { Plug } from 'lucide-react';
import { useMemo } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DataTable, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useOAuthGrants, useRevokeOAuthGrant } from './oauth-api';

/** AI clients connected by OAuth: yours, or the whole team's for owners and admins; disconnecting ends their tokens. */
export function OAuthGrantsCard({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const grants = useOAuthGrants(teamId);
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>Connected apps</CardTitle>
        <CardDescription>
          {canManage ? 'Every AI client a member of this team connected by OAuth.' : 'The AI clients you connected to this team by OAuth.'} Disconnecting one
          stops its access on its next request.
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
          <OAuthGrantsTable teamId={teamId} canManage={canManage} grants={grants.data} />
        )}
      </CardContent>
    </Card>
  );
}

const column = createColumnHelper<DataTableFeatures, OAuthGrant>();

function columns(teamId: string, canManage: boolean) {
  return column.columns([
    column.accessor((grant) => grant.client.name, { id: 'client', header: 'Client', sortFn: 'text', meta: { cellClassName: 'font-medium' } }),
    ...(canManage ? [column.accessor((grant) => grant.user.email || grant.user.name, { id: 'member', header: 'Member', sortFn: 'text' })] : []),
    column.display({
      id: 'scopes',
      header: 'Scopes',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.scopes.map((scope) => (
            <Badge key={scope} variant="outline" className="font-mono">
              {scope}
            </Badge>
          ))}
        </div>
      ),
    }),
    column.accessor('createdAt', { header: 'Connected', sortFn: 'basic', sortDescFirst: true, cell: (info) => formatDateTime(info.getValue()) }),
    column.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => <DisconnectGrantButton teamId={teamId} grant={row.original} />,
      meta: { headerClassName: 'sr-only', cellClassName: 'text-right' },
    }),
  ]);
}

function OAuthGrantsTable({ teamId, canManage, grants }: { teamId: string; canManage: boolean; grants: OAuthGrant[] }) {
  const tableColumns = useMemo(() => columns(teamId, canManage), [teamId, canManage]);
  const table = useDataTable({
    columns: tableColumns,
    data: grants,
    getRowId: (grant) => grant.id,
    // Newest first, as the API lists them.
    initialState: { sorting: [{ id: 'createdAt', desc: true }] },
  });
  return <DataTable table={table} aria-label="Connected apps" />;
}

function DisconnectGrantButton({ teamId, grant }: { teamId: string; grant: OAuthGrant }) {
  const revoke = useRevokeOAuthGrant(teamId);
  return (
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
  );
}
