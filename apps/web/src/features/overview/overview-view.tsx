'use client';

import type { OdooConnection, TeamOverview } from '@gantry/contracts';
import { CircleCheck, KeyRound, PlugZap } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { OdooStatusBadge } from '@/features/odoo/odoo-test-result';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime, formatDuration, formatPercent } from '@/lib/format';
import { useTeamOverview } from './overview-api';

const linkClass = 'rounded-sm text-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50';

export function OverviewView({ teamId }: { teamId: string }) {
  return <TeamScope teamId={teamId}>{(current) => <TeamOverviewPage current={current} />}</TeamScope>;
}

function TeamOverviewPage({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const viewAll = can('auditLogs.readAll');
  const overview = useTeamOverview(team.id);

  return (
    <div className="grid gap-8">
      <PageHeader
        title="Overview"
        description={
          viewAll ? (
            <>
              How <span className="font-medium text-foreground">{team.name}</span> is doing today (UTC): its Odoo connection and every MCP call.
            </>
          ) : (
            <>How your MCP calls in {team.name} are doing today (UTC). Owners and admins see the whole team’s.</>
          )
        }
      />
      {overview.isPending ? (
        <Spinner label="Loading the overview" />
      ) : overview.isError ? (
        <FormError message={errorMessage(overview.error)} />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <ConnectionCard teamId={team.id} connection={overview.data.connection} />
            <FigureCard label="Calls today" value={overview.data.today.calls.toLocaleString('en-GB')} />
            <FigureCard
              label="Error rate today"
              value={overview.data.today.calls === 0 ? '—' : formatPercent(overview.data.today.errorRate)}
              hint={overview.data.today.calls === 0 ? 'No calls yet today' : undefined}
            />
            <FigureCard
              label="p95 latency today"
              value={overview.data.today.p95 === null ? '—' : formatDuration(overview.data.today.p95)}
              hint="95% of calls answered within this"
            />
            <FigureCard
              label="Active API keys"
              value={overview.data.activeApiKeys.toLocaleString('en-GB')}
              hint={
                <Link href={`/teams/${team.id}/api-keys`} className={linkClass}>
                  <KeyRound aria-hidden className="mr-1 inline size-3.5" />
                  Manage API keys
                </Link>
              }
            />
          </div>
          <RecentErrors teamId={team.id} errors={overview.data.recentErrors} />
        </>
      )}
    </div>
  );
}

function FigureCard({ label, value, hint }: { label: string; value: string; hint?: ReactNode }) {
  return (
    <Card aria-label={label} className="gap-2">
      <CardHeader>
        <h2 className="text-sm font-medium text-muted-foreground">{label}</h2>
      </CardHeader>
      <CardContent className="grid gap-1">
        <p className="text-3xl font-semibold tabular-nums">{value}</p>
        {hint && <div className="text-sm text-muted-foreground">{hint}</div>}
      </CardContent>
    </Card>
  );
}

function ConnectionCard({ teamId, connection }: { teamId: string; connection: TeamOverview['connection'] }) {
  return (
    <Card aria-label="Odoo connection" className="gap-2">
      <CardHeader>
        <h2 className="text-sm font-medium text-muted-foreground">Odoo connection</h2>
        {connection && <OdooStatusBadge status={connection.status as OdooConnection['status']} />}
      </CardHeader>
      <CardContent className="grid gap-1 text-sm">
        {connection ? (
          <>
            <p className="truncate font-mono text-base">{connection.host}</p>
            <p className="text-muted-foreground">{connection.lastCheckedAt ? `Last checked ${formatDateTime(connection.lastCheckedAt)}` : 'Not checked yet'}</p>
          </>
        ) : (
          <p className="text-muted-foreground">No Odoo connected yet.</p>
        )}
        <Link href={`/teams/${teamId}/odoo`} className={linkClass}>
          <PlugZap aria-hidden className="mr-1 inline size-3.5" />
          {connection ? 'View the Odoo connection' : 'Connect Odoo'}
        </Link>
      </CardContent>
    </Card>
  );
}

function RecentErrors({ teamId, errors }: { teamId: string; errors: TeamOverview['recentErrors'] }) {
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Recent errors</CardTitle>
          <CardDescription>The latest failed or timed-out calls.</CardDescription>
        </div>
        <Link href={`/teams/${teamId}/audit`} className={linkClass}>
          Open the audit log
        </Link>
      </CardHeader>
      <CardContent>
        {errors.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <CircleCheck aria-hidden className="size-4 text-success" />
            No failed calls. Errors appear here as soon as a call fails.
          </p>
        ) : (
          <Table aria-label="Recent errors">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Time</TableHead>
                <TableHead>Tool</TableHead>
                <TableHead>Model</TableHead>
                <TableHead>Code</TableHead>
                <TableHead>Message</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {errors.map((error) => (
                <TableRow key={error.id}>
                  <TableCell className="whitespace-nowrap">{formatDateTime(error.time)}</TableCell>
                  <TableCell className="font-mono text-xs">{error.tool}</TableCell>
                  <TableCell className="font-mono text-xs">{error.model ?? '—'}</TableCell>
                  <TableCell className="font-mono text-xs">{error.code}</TableCell>
                  <TableCell>
                    <span className="block max-w-sm truncate" title={error.message}>
                      {error.message || '—'}
                    </span>
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
