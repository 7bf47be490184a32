'use client';

import { DEFAULT_API_KEY_SCOPES, MCP_SCOPES, SCOPE_DESCRIPTIONS, type McpScope, type OAuthInteraction } from '@gantry/contracts';
import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Spinner } from '@/components/ui/spinner';
import { AuthCard } from '@/features/auth/auth-card';
import { ApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useSession } from '@/lib/session';
import { useOAuthDecision, useOAuthInteraction } from './oauth-api';

/**
 * The consent step of an OAuth authorization: which client asks, where the answer goes, for which
 * team and with which scopes. Not signed in: the login page first, then back here.
 */
export function ConsentView({ uid }: { uid: string }) {
  const router = useRouter();
  const session = useSession();
  const signedIn = session.status === 'authenticated';
  const interaction = useOAuthInteraction(uid, signedIn);

  useEffect(() => {
    if (session.status === 'anonymous') router.replace(`/login?next=${encodeURIComponent(`/authorize/${uid}`)}`);
  }, [router, session.status, uid]);

  if (session.status === 'error') return <FormError message={errorMessage(session.error)} />;
  if (!signedIn || interaction.isPending) return <Spinner label="Loading the authorization request" />;
  if (interaction.isError) {
    const expired = interaction.error instanceof ApiError && interaction.error.code === 'OAUTH_INTERACTION_EXPIRED';
    return (
      <AuthCard title="This connection request cannot continue">
        <Alert variant="destructive">
          <ShieldAlert aria-hidden />
          <AlertTitle>{expired ? 'The request has expired' : 'Something went wrong'}</AlertTitle>
          <AlertDescription>
            {expired
              ? 'It may be older than an hour or belong to another browser. Start the connection again from your AI client.'
              : errorMessage(interaction.error)}
          </AlertDescription>
        </Alert>
      </AuthCard>
    );
  }
  return <ConsentForm uid={uid} interaction={interaction.data} />;
}

/** Pre-selected: what the client asked for and the role allows; when a client asks for everything, only the read-only defaults. */
function initialScopes(requested: readonly McpScope[], allowed: readonly McpScope[]): McpScope[] {
  const wanted: readonly string[] = requested.length === MCP_SCOPES.length ? DEFAULT_API_KEY_SCOPES : requested;
  return MCP_SCOPES.filter((scope) => wanted.includes(scope) && allowed.includes(scope));
}

function ConsentForm({ uid, interaction }: { uid: string; interaction: OAuthInteraction }) {
  const { client, teams, user, requestedScopes } = interaction;
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const team = teams.find((candidate) => candidate.id === teamId);
  const [scopes, setScopes] = useState<McpScope[]>(() => initialScopes(requestedScopes, team?.allowedScopes ?? []));
  const [error, setError] = useState('');
  const [leaving, setLeaving] = useState(false);
  const decide = useOAuthDecision(uid);
  const teamLabelId = useId();

  function go(decision: Parameters<typeof decide.mutate>[0]) {
    setError('');
    decide.mutate(decision, {
      onSuccess: ({ redirectTo }) => {
        setLeaving(true);
        window.location.assign(redirectTo);
      },
      onError: (failure) => setError(errorMessage(failure)),
    });
  }

  const busy = decide.isPending || leaving;
  return (
    <AuthCard
      title={`Connect ${client.name}`}
      description={
        <>
          <span className="font-medium text-foreground">{client.name}</span> wants to use Gantry’s Odoo tools as you, {user.name} ({user.email}).
        </>
      }
    >
      <div className="grid gap-5">
        <dl className="grid gap-2 rounded-md border p-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <dt className="text-muted-foreground">Sends you back to</dt>
            <dd className="font-mono" data-testid="redirect-host">
              {client.redirectHost}
            </dd>
          </div>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <dt className="text-muted-foreground">Client</dt>
            <dd>
              <Badge variant={client.kind === 'team' ? 'secondary' : 'outline'}>
                {client.kind === 'team' ? 'Registered by your team' : client.kind === 'metadata_document' ? 'Published client' : 'Self-registered'}
              </Badge>
            </dd>
          </div>
        </dl>
        {client.kind !== 'team' && (
          <p className="text-sm text-muted-foreground">
            Only continue if you started this connection yourself and recognise <span className="font-mono">{client.redirectHost}</span>.
          </p>
        )}
        <FormError message={error} />
        {teams.length === 0 ? (
          <Alert variant="destructive">
            <ShieldAlert aria-hidden />
            <AlertTitle>No team to connect</AlertTitle>
            <AlertDescription>
              {client.teamId ? 'This client belongs to a team you are not a member of.' : 'You are not a member of any team yet.'}
            </AlertDescription>
          </Alert>
        ) : (
          <>
            <div className="grid gap-2">
              <Label id={teamLabelId}>Team</Label>
              <Select
                value={teamId}
                onValueChange={(next) => {
                  setTeamId(next);
                  const allowed = teams.find((candidate) => candidate.id === next)?.allowedScopes ?? [];
                  setScopes((current) => current.filter((scope) => allowed.includes(scope)));
                }}
                disabled={busy}
              >
                <SelectTrigger aria-labelledby={teamLabelId}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {teams.map((candidate) => (
                    <SelectItem key={candidate.id} value={candidate.id}>
                      {candidate.name} ({candidate.role})
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <p className="text-sm text-muted-foreground">The client works in this team’s Odoo only.</p>
            </div>
            <fieldset className="grid gap-2.5">
              <legend className="mb-3 text-sm leading-none font-medium">Allow it to</legend>
              {requestedScopes.map((scope) => {
                const allowed = team?.allowedScopes.includes(scope) ?? false;
                const id = `scope-${scope}`;
                return (
                  <div key={scope} className="flex items-start gap-2">
                    <Checkbox
                      id={id}
                      checked={scopes.includes(scope)}
                      disabled={!allowed || busy}
                      onCheckedChange={(checked) => setScopes((current) => MCP_SCOPES.filter((s) => (s === scope ? checked === true : current.includes(s))))}
                    />
                    <Label htmlFor={id} className="grid gap-0.5 font-normal">
                      <span>
                        <span className="font-mono text-xs">{scope}</span> — {SCOPE_DESCRIPTIONS[scope]}
                      </span>
                      {!allowed && <span className="text-xs text-muted-foreground">Your role in this team cannot grant this.</span>}
                    </Label>
                  </div>
                );
              })}
            </fieldset>
          </>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="outline" disabled={busy} onClick={() => go({ deny: true })}>
            Deny
          </Button>
          <Button disabled={busy || !team || scopes.length === 0} onClick={() => go({ allow: { teamId, scopes } })}>
            <ShieldCheck aria-hidden />
            {leaving ? `Returning to ${client.name}…` : decide.isPending ? 'Allowing…' : 'Allow'}
          </Button>
        </div>
      </div>
    </AuthCard>
  );
}
