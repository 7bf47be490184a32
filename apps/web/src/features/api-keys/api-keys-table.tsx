'use client';

import type { ApiKey } from '@gantry/contracts';
import { Trash2 } from 'lucide-react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
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

export function ApiKeysTable({ current, keys, ownUserId, asOf }: ApiKeysTableProps) {
  const { team, can } = current;
  const revokeAny = can('apiKeys.revokeAny');
  return (
    <Table aria-label={`API keys of ${team.name}`}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Scopes</TableHead>
          <TableHead>Owner</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => {
          const own = key.owner.id === ownUserId;
          // The API refuses the rest anyway; a control that can only fail is not shown.
          const revocable = key.revokedAt === null && (own || revokeAny);
          return (
            <TableRow key={key.id} className={key.revokedAt ? 'text-muted-foreground' : undefined}>
              <TableCell className="font-medium">{key.name}</TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{key.prefix}…</TableCell>
              <TableCell>
                <div className="flex max-w-56 flex-wrap gap-1">
                  {key.scopes.map((scope) => (
                    <Badge key={scope} variant="outline" className="font-mono">
                      {scope}
                    </Badge>
                  ))}
                </div>
              </TableCell>
              <TableCell>
                <span className="whitespace-nowrap">{key.owner.name}</span>
                {own && <span className="ml-1 text-xs text-muted-foreground">(you)</span>}
              </TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(key.createdAt)}</TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground">
                {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <ExpiryCell apiKey={key} asOf={asOf} />
              </TableCell>
              <TableCell className="w-0 text-right">
                {revocable && <RevokeApiKeyButton teamId={team.id} apiKey={key} own={own} />}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
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
