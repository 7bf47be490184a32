'use client';

import type { Session } from '@gantry/contracts';
import { MonitorSmartphone } from 'lucide-react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { formatDate, formatDateTime } from '@/lib/format';
import { useRevokeSession, useSessions } from './sessions-api';
import { describeUserAgent } from './user-agent';

export function SessionsView() {
  const sessions = useSessions();
  return (
    <div className="grid gap-8">
      <PageHeader title="Sessions" description="Where you are signed in to Gantry. Revoke a session you do not recognise: it is signed out at once." />
      <Card>
        <CardHeader className="block">
          <CardTitle>Active sessions</CardTitle>
          <CardDescription>Each sign-in lasts 30 days from its last use. API keys are not sessions: manage them per team.</CardDescription>
        </CardHeader>
        <CardContent>
          {sessions.isPending ? (
            <Spinner label="Loading sessions" />
          ) : sessions.isError ? (
            <FormError message={errorMessage(sessions.error)} />
          ) : (
            <Table aria-label="Active sessions">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Device</TableHead>
                  <TableHead>IP address</TableHead>
                  <TableHead>Signed in</TableHead>
                  <TableHead>Last active</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sessions.data.map((session) => (
                  <SessionRow key={session.id} session={session} />
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function SessionRow({ session }: { session: Session }) {
  const revoke = useRevokeSession();
  const device = describeUserAgent(session.userAgent);
  return (
    <TableRow>
      <TableCell>
        <span className="flex items-center gap-2 font-medium whitespace-nowrap">
          <MonitorSmartphone aria-hidden className="size-4 text-muted-foreground" />
          <span title={session.userAgent ?? undefined}>{device}</span>
          {session.current && <Badge variant="success">This browser</Badge>}
        </span>
      </TableCell>
      <TableCell className="font-mono text-xs text-muted-foreground">{session.ip ?? '—'}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(session.createdAt)}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(session.lastUsedAt)}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(session.expiresAt)}</TableCell>
      <TableCell className="w-0 text-right">
        {/* Ending this browser's own session is what "Log out" in the user menu is for. */}
        {!session.current && (
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" aria-label={`Revoke the session of ${device} from ${formatDateTime(session.createdAt)}`}>
                Revoke
              </Button>
            }
            title="Revoke this session?"
            description={`${device}${session.ip ? ` (${session.ip})` : ''} is signed out at once and has to sign in again.`}
            confirmLabel="Revoke session"
            pendingLabel="Revoking…"
            onConfirm={async () => {
              await revoke.mutateAsync(session.id);
              toast(`Session of ${device} revoked`);
            }}
          />
        )}
      </TableCell>
    </TableRow>
  );
}
