'use client';

import { KeyRound } from 'lucide-react';
import { useId, useState } from 'react';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';
import { Switch } from '@/components/ui/switch';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { useApiKeys } from './api-keys-api';
import { ApiKeysTable } from './api-keys-table';
import { CreateApiKeyDialog } from './create-api-key-dialog';

export function ApiKeysView({ teamId }: { teamId: string }) {
  const session = useSession();
  if (session.status !== 'authenticated') return <Spinner label="Loading team" />;
  const ownUserId = session.session.user.id;
  return <TeamScope teamId={teamId}>{(current) => <TeamApiKeys current={current} ownUserId={ownUserId} />}</TeamScope>;
}

function TeamApiKeys({ current, ownUserId }: { current: CurrentTeam; ownUserId: string }) {
  const { team, can } = current;
  const seesAll = can('apiKeys.manage');
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const switchId = useId();
  const keys = useApiKeys(team.id, includeRevoked);
  const canCreate = can('apiKeys.create');

  return (
    <div className="grid gap-8">
      <PageHeader
        title="API keys"
        description="Keys let AI clients and scripts use this team's Odoo through Gantry, as the key's owner and within its scopes."
        actions={canCreate && <CreateApiKeyDialog teamId={team.id} role={team.role} />}
      />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>{seesAll ? 'Keys of the team' : 'Your keys'}</CardTitle>
            <CardDescription>
              {seesAll
                ? 'As an owner or admin you see every member’s keys and can revoke any of them.'
                : 'You see and revoke your own keys; owners and admins manage everyone’s.'}
            </CardDescription>
          </div>
          <div className="flex items-center gap-2">
            <Switch id={switchId} checked={includeRevoked} onCheckedChange={setIncludeRevoked} />
            <Label htmlFor={switchId}>Show revoked keys</Label>
          </div>
        </CardHeader>
        <CardContent>
          {keys.isPending ? (
            <Spinner label="Loading API keys" />
          ) : keys.isError ? (
            <FormError message={errorMessage(keys.error)} />
          ) : keys.data.length === 0 ? (
            <EmptyState
              icon={KeyRound}
              title="No API keys yet"
              description="Create a key to connect Claude Code, Cursor, VS Code or a script. The secret is shown once, when you create it."
              action={canCreate && <CreateApiKeyDialog teamId={team.id} role={team.role} />}
            />
          ) : (
            <ApiKeysTable current={current} keys={keys.data} ownUserId={ownUserId} asOf={keys.dataUpdatedAt} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
