'use client';

import type { ApiKey } from '@gantry/contracts';
import { createColumnHelper } from '@tanstack/react-table';
import { Trash2 } from 'lucide-react';
import { useMemo } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { actionsColumn, DataTable, textFilter, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate, formatDateTime } from '@/lib/format';
import { useRevokeApiKey } from './api-keys-api';

type ApiKeysTableProps = {
  current: CurrentTeam;
  keys: ApiKey[];
  ownUserId: string;
  /** When the list was fetched (ms): a key is shown as expired as of then. */
  asOf: number;
};

type ApiKeyRowContext = { teamId: string; ownUserId: string; revokeAny: boolean; asOf: number };

const column = createColumnHelper<DataTableFeatures, ApiKey>();

/** Never used sorts as the oldest use; never expiring as the farthest expiry. */
function columns({ teamId, ownUserId, revokeAny, asOf }: ApiKeyRowContext) {
  return column.columns([
    column.accessor('name', {
      header: 'Name',
      sortFn: 'text',
      filterFn: textFilter((key: ApiKey) => [key.name, key.owner.name]),
      meta: { cellClassName: 'font-medium' },
    }),
    column.display({
      id: 'key',
      header: 'Key',
      cell: ({ row }) => `${row.original.prefix}…`,
      meta: { cellClassName: 'font-mono text-xs whitespace-nowrap' },
    }),
    column.display({
      id: 'scopes',
      header: 'Scopes',
      cell: ({ row }) => (
        <div className="flex max-w-56 flex-wrap gap-1">
          {row.original.scopes.map((scope) => (
            <Badge key={scope} variant="outline" className="font-mono">
              {scope}
            </Badge>
          ))}
        </div>
      ),
    }),
    column.display({
      id: 'owner',
      header: 'Owner',
      cell: ({ row }) => (
        <>
          <span className="whitespace-nowrap">{row.original.owner.name}</span>
          {row.original.owner.id === ownUserId && <span className="ml-1 text-xs text-muted-foreground">(you)</span>}
        </>
      ),
    }),
    column.accessor('createdAt', {
      header: 'Created',
      sortFn: 'basic',
      sortDescFirst: true,
      cell: (info) => formatDate(info.getValue()),
      meta: { cellClassName: 'whitespace-nowrap text-muted-foreground' },
    }),
    column.accessor((key) => key.lastUsedAt ?? undefined, {
      id: 'lastUsedAt',
      header: 'Last used',
      sortFn: 'basic',
      sortDescFirst: true,
      sortUndefined: -1,
      cell: (info) => {
        const lastUsedAt = info.getValue();
        return lastUsedAt ? formatDateTime(lastUsedAt) : 'Never';
      },
      meta: { cellClassName: 'whitespace-nowrap text-muted-foreground' },
    }),
    column.accessor((key) => key.expiresAt ?? undefined, {
      id: 'expiresAt',
      header: 'Expires',
      sortFn: 'basic',
      sortUndefined: 1,
      cell: ({ row }) => <ExpiryCell apiKey={row.original} asOf={asOf} />,
      meta: { cellClassName: 'whitespace-nowrap' },
    }),
    actionsColumn<ApiKey>((key) => {
      const own = key.owner.id === ownUserId;
      // The API refuses the rest anyway; a control that can only fail is not shown.
      const revocable = key.revokedAt === null && (own || revokeAny);
      return revocable && <RevokeApiKeyButton teamId={teamId} apiKey={key} own={own} />;
    }),
  ]);
}

export function ApiKeysTable({ current, keys, ownUserId, asOf }: ApiKeysTableProps) {
  const { team, can } = current;
  const revokeAny = can('apiKeys.manage');
  const teamId = team.id;
  const tableColumns = useMemo(() => columns({ teamId, ownUserId, revokeAny, asOf }), [teamId, ownUserId, revokeAny, asOf]);
  const table = useDataTable({
    columns: tableColumns,
    data: keys,
    getRowId: (key) => key.id,
    // Newest first, as the API lists them.
    initialState: { sorting: [{ id: 'createdAt', desc: true }] },
  });
  return (
    <DataTable
      table={table}
      aria-label={`API keys of ${team.name}`}
      filter={{ columnId: 'name', label: 'Filter keys', placeholder: 'Filter by name or owner…' }}
      noMatches={(text) => `No keys match “${text}”.`}
      rowClassName={(key) => (key.revokedAt ? 'text-muted-foreground' : undefined)}
    />
  );
}

function ExpiryCell({ apiKey, asOf }: { apiKey: ApiKey; asOf: number }) {
  if (apiKey.revokedAt) return <Badge variant="destructive">Revoked {formatDate(apiKey.revokedAt)}</Badge>;
  if (!apiKey.expiresAt) return <span className="text-muted-foreground">Never</span>;
  if (new Date(apiKey.expiresAt).getTime() <= asOf) return <Badge variant="destructive">Expired</Badge>;
  return <span className="text-muted-foreground">{formatDate(apiKey.expiresAt)}</span>;
}

function RevokeApiKeyButton({ teamId, apiKey, own }: { teamId: string; apiKey: ApiKey; own: boolean }) {
  const revoke = useRevokeApiKey(teamId);
  const whose = own ? 'your key' : `${apiKey.owner.name}’s key`;
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Revoke ${apiKey.name}`} title={`Revoke ${apiKey.name}`}>
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Revoke “${apiKey.name}”?`}
      description={`Every client using ${whose} (${apiKey.prefix}…) loses access on its next request. This cannot be undone.`}
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        await revoke.mutateAsync(apiKey.id);
        toast(`API key “${apiKey.name}” revoked`);
      }}
    />
  );
}
