'use client';

import type { UsageAnalytics } from '@gantry/contracts';
import { ChartColumn } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { formatDuration, formatPercent } from '@/lib/format';
import { rangeDays, USAGE_RANGES, useUsageAnalytics, type UsageRange } from './usage-api';
import { UsageChart } from './usage-chart';

export function UsageView({ teamId }: { teamId: string }) {
  return <TeamScope teamId={teamId}>{(current) => <TeamUsage current={current} />}</TeamScope>;
}

function TeamUsage({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const viewAll = can('auditLogs.readAll');
  const [range, setRange] = useState<UsageRange>(30);
  const usage = useUsageAnalytics(team.id, range);

  return (
    <div className="grid gap-8">
      <PageHeader
        title="Usage"
        description={
          viewAll
            ? 'How much the team’s AI clients use Gantry: calls per day and tool, error rates and latency.'
            : 'How much you use Gantry in this team. Owners and admins see the whole team’s usage.'
        }
        actions={<RangeSelector value={range} onChange={setRange} />}
      />
      {usage.isPending ? (
        <Spinner label="Loading usage" />
      ) : usage.isError ? (
        <FormError message={errorMessage(usage.error)} />
      ) : usage.data.totals.calls === 0 ? (
        <EmptyState
          icon={ChartColumn}
          title={`No calls in the last ${range} days`}
          description="Each call an AI client makes through Gantry counts here. Create an API key and connect a client to get started."
        />
      ) : (
        <UsageReport usage={usage.data} range={range} viewAll={viewAll} refreshing={usage.isPlaceholderData} />
      )}
    </div>
  );
}

function RangeSelector({ value, onChange }: { value: UsageRange; onChange: (range: UsageRange) => void }) {
  return (
    <div role="group" aria-label="Range" className="inline-flex rounded-md border bg-card p-0.5">
      {USAGE_RANGES.map((days) => (
        <Button key={days} size="sm" variant={value === days ? 'secondary' : 'ghost'} aria-pressed={value === days} onClick={() => onChange(days)}>
          {days} days
        </Button>
      ))}
    </div>
  );
}

function UsageReport({ usage, range, viewAll, refreshing }: { usage: UsageAnalytics; range: UsageRange; viewAll: boolean; refreshing: boolean }) {
  const days = useMemo(() => rangeDays(range), [range]);
  const tools = useMemo(() => usage.tools.map((tool) => tool.tool), [usage.tools]);
  const { totals } = usage;

  return (
    <div className="grid gap-6" aria-busy={refreshing}>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Calls" value={totals.calls.toLocaleString('en-GB')} />
        <Figure
          label="Error rate"
          value={formatPercent(totals.errorRate)}
          hint={`${totals.errors.toLocaleString('en-GB')} failed, ${totals.timeouts.toLocaleString('en-GB')} timed out`}
        />
        <Figure label="p50 latency" value={totals.p50 === null ? '—' : formatDuration(totals.p50)} />
        <Figure label="p95 latency" value={totals.p95 === null ? '—' : formatDuration(totals.p95)} />
      </div>
      <Card>
        <CardHeader className="block">
          <CardTitle>Calls per day</CardTitle>
          <CardDescription>Each bar is one UTC day, split by tool.</CardDescription>
        </CardHeader>
        <CardContent>
          <UsageChart days={days} daily={usage.daily} tools={tools} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="block">
          <CardTitle>Tools</CardTitle>
          <CardDescription>Calls, errors and latency per MCP tool, busiest first.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Tools">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Tool</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead className="text-right">Errors</TableHead>
                <TableHead className="text-right">Error rate</TableHead>
                <TableHead className="text-right">p50</TableHead>
                <TableHead className="text-right">p95</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {usage.tools.map((tool) => (
                <TableRow key={tool.tool}>
                  <TableCell className="font-mono text-xs">{tool.tool}</TableCell>
                  <TableCell className="text-right tabular-nums">{tool.calls.toLocaleString('en-GB')}</TableCell>
                  <TableCell className="text-right tabular-nums">{tool.errors.toLocaleString('en-GB')}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatPercent(tool.errorRate)}</TableCell>
                  <TableCell className="text-right tabular-nums">{tool.p50 === null ? '—' : formatDuration(tool.p50)}</TableCell>
                  <TableCell className="text-right tabular-nums">{tool.p95 === null ? '—' : formatDuration(tool.p95)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <RankCard
          title="Top models"
          column="Model"
          description="The Odoo models asked about most."
          empty="No call named an Odoo model."
          rows={usage.topModels.map((entry) => ({ key: entry.model, label: <span className="font-mono text-xs">{entry.model}</span>, calls: entry.calls }))}
        />
        <RankCard
          title="Top users"
          column="User"
          description={viewAll ? 'The members who made the most calls.' : 'Only your own calls are counted.'}
          empty="No calls by a user."
          rows={usage.topUsers.map((entry) => ({
            key: entry.userId,
            label: (
              <span className="grid">
                <span>{entry.name ?? entry.email ?? entry.userId}</span>
                {entry.name && entry.email && <span className="text-xs text-muted-foreground">{entry.email}</span>}
              </span>
            ),
            calls: entry.calls,
          }))}
        />
      </div>
    </div>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card aria-label={label} className="gap-2">
      <CardHeader>
        <h2 className="text-sm font-medium text-muted-foreground">{label}</h2>
      </CardHeader>
      <CardContent className="grid gap-1">
        <p className="text-3xl font-semibold tabular-nums">{value}</p>
        {hint && <p className="text-sm text-muted-foreground">{hint}</p>}
      </CardContent>
    </Card>
  );
}

type RankRow = { key: string; label: ReactNode; calls: number };

function RankCard({ title, column, description, empty, rows }: { title: string; column: string; description: string; empty: string; rows: RankRow[] }) {
  return (
    <Card>
      <CardHeader className="block">
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <Table aria-label={title}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>{column}</TableHead>
                <TableHead className="text-right">Calls</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.key}>
                  <TableCell>{row.label}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.calls.toLocaleString('en-GB')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
