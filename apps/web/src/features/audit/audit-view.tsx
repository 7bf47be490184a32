'use client';

import { AUDIT_EXPORT_MAX_ROWS, type AuditExportFormat, type AuditRecord } from '@gantry/contracts';
import { Download, ScrollText } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { PageHeader } from '@/components/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { toast } from '@/components/ui/toast';
import { useMembers } from '@/features/members/members-api';
import { TeamScope } from '@/features/teams/team-scope';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { errorMessage } from '@/lib/form-errors';
import { saveBlob } from '@/lib/save-blob';
import { exportAuditLogs, useAuditLiveTail, useAuditLogs, type AuditFilters } from './audit-api';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { AuditFiltersForm } from './audit-filters';
import { AuditRecordSheet } from './audit-record-sheet';
import { AuditTable } from './audit-table';

export function AuditView({ teamId }: { teamId: string }) {
  return <TeamScope teamId={teamId}>{(current) => <TeamAuditLog current={current} />}</TeamScope>;
}

function TeamAuditLog({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const viewAll = can('auditLogs.readAll');
  const [filters, setFilters] = useState<AuditFilters>({});
  const [opened, setOpened] = useState<AuditRecord | null>(null);
  const logs = useAuditLogs(team.id, filters);
  const [live, setLive] = useState(false);
  const liveStatus = useAuditLiveTail(team.id, filters, live);
  const records = logs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some((value) => value !== undefined);

  return (
    <div className="grid gap-8">
      <PageHeader
        title="Audit log"
        description={
          viewAll
            ? 'Every MCP tool call made in this team: who, with which credential, what was asked and what came back.'
            : 'Your own MCP tool calls in this team. Owners and admins see everyone’s.'
        }
        actions={
          <>
            <div className="flex items-center gap-2">
              <Switch id="audit-live-tail" checked={live} onCheckedChange={setLive} />
              <Label htmlFor="audit-live-tail">Live tail</Label>
              {live && (
                <span className="text-xs text-muted-foreground" aria-live="polite" data-testid="live-status">
                  {liveStatus === 'live' ? 'live' : liveStatus === 'reconnecting' ? 'reconnecting…' : 'connecting…'}
                </span>
              )}
            </div>
            <ExportButton teamId={team.id} filters={filters} format="csv" />
            <ExportButton teamId={team.id} filters={filters} format="json" />
          </>
        }
      />
      <Card>
        <CardContent className="grid gap-6">
          <AuditFilterBar teamId={team.id} viewAll={viewAll} onApply={setFilters} />
          {logs.isPending ? (
            <Spinner label="Loading the audit log" />
          ) : !logs.data ? (
            <FormError message={errorMessage(logs.error)} />
          ) : records.length === 0 ? (
            <EmptyState
              icon={ScrollText}
              title={filtered ? 'No calls match these filters' : 'No calls recorded yet'}
              description={filtered ? 'Widen the date range or clear a filter.' : 'Each call an AI client makes through Gantry appears here within a second.'}
            />
          ) : (
            <div className="grid min-w-0 gap-4">
              <AuditTable records={records} showUser={viewAll} onOpen={setOpened} />
              <div className="flex items-center justify-between gap-4">
                <p className="text-sm text-muted-foreground" aria-live="polite">
                  {records.length} {records.length === 1 ? 'call' : 'calls'} shown
                  {logs.hasNextPage ? ', older ones on the next page' : ''}
                </p>
                {logs.hasNextPage && (
                  <Button variant="outline" disabled={logs.isFetchingNextPage} onClick={() => void logs.fetchNextPage()}>
                    {logs.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                )}
              </div>
              {logs.isFetchNextPageError && <FormError message={errorMessage(logs.error)} />}
            </div>
          )}
        </CardContent>
      </Card>
      <AuditRecordSheet teamId={team.id} record={opened} onClose={() => setOpened(null)} />
    </div>
  );
}

/** Owners and admins also filter by user, chosen from the member list; members never see that filter. */
function AuditFilterBar({ teamId, viewAll, onApply }: { teamId: string; viewAll: boolean; onApply: (filters: AuditFilters) => void }) {
  return viewAll ? <FiltersWithUserChoice teamId={teamId} onApply={onApply} /> : <AuditFiltersForm onApply={onApply} />;
}

function FiltersWithUserChoice({ teamId, onApply }: { teamId: string; onApply: (filters: AuditFilters) => void }) {
  const members = useMembers(teamId);
  return <AuditFiltersForm members={members.data ?? []} onApply={onApply} />;
}

function ExportButton({ teamId, filters, format }: { teamId: string; filters: AuditFilters; format: AuditExportFormat }) {
  const [pending, setPending] = useState(false);
  const label = `Export ${format.toUpperCase()}`;

  async function exportFile() {
    setPending(true);
    try {
      const file = await exportAuditLogs(teamId, filters, format);
      saveBlob(file.blob, file.filename ?? `gantry-audit.${format}`);
      if (file.headers.get('x-export-truncated') === 'true') {
        toast('Export cut short', {
          description: `It holds the newest ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en-GB')} calls. Narrow the dates to export older ones.`,
        });
      }
    } catch (error) {
      toast('Could not export the audit log', { description: errorMessage(error), variant: 'destructive' });
    } finally {
      setPending(false);
    }
  }

  return (
    <Button variant="outline" disabled={pending} onClick={() => void exportFile()}>
      <Download aria-hidden />
      {pending ? 'Exporting…' : label}
    </Button>
  );
}
