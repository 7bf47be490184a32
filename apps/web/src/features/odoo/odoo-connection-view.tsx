'use client';

import type { OdooConnection } from '@gantry/contracts';
import { PlugZap, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { toast } from '@/components/ui/toast';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';
import { useDeleteOdooConnection, useOdooConnection, useTestOdooConnection } from './odoo-connection-api';
import { OdooConnectionForm } from './odoo-connection-form';
import { OdooIdentityCard } from './odoo-identity-card';
import { healthOfConnection, OdooStatusBadge, OdooTestResult } from './odoo-test-result';

export function OdooConnectionView({ teamId }: { teamId: string }) {
  return <TeamScope teamId={teamId}>{(current) => <TeamOdooConnection current={current} />}</TeamScope>;
}

function TeamOdooConnection({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const canEdit = can('odoo.connection.write');
  const connection = useOdooConnection(team.id);

  return (
    <div className="grid gap-8">
      <PageHeader
        title="Odoo connection"
        description={
          <>
            The Odoo that AI clients of <span className="font-medium text-foreground">{team.name}</span> reach through Gantry.
          </>
        }
      />
      {connection.isPending ? (
        <Spinner label="Loading the Odoo connection" />
      ) : connection.isError ? (
        <FormError message={errorMessage(connection.error)} />
      ) : connection.data === null ? (
        <NoConnection teamId={team.id} canEdit={canEdit} />
      ) : (
        <>
          <StatusCard teamId={team.id} connection={connection.data} canEdit={canEdit} />
          <OdooIdentityCard teamId={team.id} />
          {canEdit && <SettingsCard teamId={team.id} connection={connection.data} />}
        </>
      )}
    </div>
  );
}

function NoConnection({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const [connecting, setConnecting] = useState(false);
  if (connecting) {
    return (
      <Card>
        <CardHeader className="block">
          <CardTitle>Connect your Odoo</CardTitle>
          <CardDescription>
            Gantry signs in to Odoo as this user for every AI call of the team. Use a user with only the access the assistants need.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <OdooConnectionForm teamId={teamId} connection={null} onCancel={() => setConnecting(false)} />
        </CardContent>
      </Card>
    );
  }
  return (
    <EmptyState
      icon={PlugZap}
      title="No Odoo connected yet"
      description={
        canEdit
          ? 'Connect the team’s Odoo so that AI clients can search, read and, with the right scopes, change its records.'
          : 'An owner or admin of the team has to connect its Odoo before AI clients can use it.'
      }
      action={canEdit && <Button onClick={() => setConnecting(true)}>Connect your Odoo</Button>}
    />
  );
}

function StatusCard({ teamId, connection, canEdit }: { teamId: string; connection: OdooConnection; canEdit: boolean }) {
  const test = useTestOdooConnection(teamId);
  const health = healthOfConnection(connection);
  return (
    <Card aria-label="Connection status">
      <CardHeader>
        <div>
          <CardTitle className="flex items-center gap-2">
            {connection.name}
            <OdooStatusBadge status={connection.status} />
          </CardTitle>
          <CardDescription>
            <span className="font-mono">{connection.host}</span> ·{' '}
            {connection.lastCheckedAt ? `last checked ${formatDateTime(connection.lastCheckedAt)}` : 'not checked yet'}
          </CardDescription>
        </div>
        {canEdit && (
          <Button
            variant="outline"
            disabled={test.isPending}
            onClick={() =>
              test.mutate(undefined, {
                onError: (error) => toast('Could not test the connection', { description: errorMessage(error), variant: 'destructive' }),
              })
            }
          >
            <PlugZap aria-hidden />
            {test.isPending ? 'Testing…' : 'Test connection'}
          </Button>
        )}
      </CardHeader>
      {canEdit && (
        <CardContent>
          {/* The saved test is recorded on the connection, which is refetched before the button frees up. */}
          {health ? (
            <OdooTestResult result={test.data && test.data.checkedAt === health.checkedAt ? test.data : health} />
          ) : (
            <p className="text-sm text-muted-foreground">Test the connection to check that Gantry can sign in to Odoo.</p>
          )}
        </CardContent>
      )}
    </Card>
  );
}

function SettingsCard({ teamId, connection }: { teamId: string; connection: OdooConnection }) {
  const remove = useDeleteOdooConnection(teamId);
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>Connection settings</CardTitle>
        <CardDescription>Only owners and admins see these. Changing the address or credentials resets the status until the next test.</CardDescription>
      </CardHeader>
      <CardContent>
        <OdooConnectionForm key={connection.id} teamId={teamId} connection={connection} />
      </CardContent>
      <CardFooter className="justify-between border-t pt-6">
        <p className="text-sm text-muted-foreground">Removing the connection stops every AI client of the team at once.</p>
        <ConfirmDialog
          trigger={
            <Button variant="outline" className="text-destructive">
              <Trash2 aria-hidden />
              Remove connection
            </Button>
          }
          title={`Remove “${connection.name}”?`}
          description="Gantry deletes the stored address and credentials. AI clients of the team cannot reach Odoo until someone connects it again."
          confirmLabel="Remove connection"
          pendingLabel="Removing…"
          onConfirm={async () => {
            await remove.mutateAsync();
            toast('Odoo connection removed');
          }}
        />
      </CardFooter>
    </Card>
  );
}
