'use client';

import { AUDIT_REDACTED, type AuditRecord } from '@gantry/contracts';
import type { ReactNode } from 'react';
import { CodeBlock } from '@/components/copy';
import { FormError } from '@/components/forms/form-error';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { errorMessage } from '@/lib/form-errors';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useAuditRecord } from './audit-api';
import { CREDENTIAL_TYPE_LABELS } from './audit-labels';
import { AuditStatusBadge } from './audit-table';

type AuditRecordSheetProps = { teamId: string; record: AuditRecord | null; onClose: () => void };

export function AuditRecordSheet({ teamId, record, onClose }: AuditRecordSheetProps) {
  return (
    <Sheet open={record !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent>{record && <AuditRecordDetails key={record.id} teamId={teamId} record={record} />}</SheetContent>
    </Sheet>
  );
}

function AuditRecordDetails({ teamId, record: row }: { teamId: string; record: AuditRecord }) {
  const query = useAuditRecord(teamId, row);
  const record = query.data ?? row;
  return (
    <>
      <SheetHeader>
        <SheetTitle className="flex items-center gap-2 font-mono">
          {record.tool}
          <AuditStatusBadge status={record.status} />
        </SheetTitle>
        <SheetDescription>{formatDateTime(record.time)}</SheetDescription>
      </SheetHeader>
      {query.isError && <FormError message={errorMessage(query.error)} />}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <Fact label="Duration">{formatDuration(record.durationMs)}</Fact>
        <Fact label="Model">{record.model ? <span className="font-mono">{record.model}</span> : '—'}</Fact>
        <Fact label="User">
          {record.user.name ?? '—'}
          {record.user.email && <span className="text-muted-foreground"> · {record.user.email}</span>}
        </Fact>
        <Fact label="Credential">
          {CREDENTIAL_TYPE_LABELS[record.credential.type]}
          {record.credential.label && <> “{record.credential.label}”</>}
          <span className="block font-mono text-xs text-muted-foreground">{record.credential.id}</span>
        </Fact>
        {record.mcpSessionId && (
          <Fact label="MCP session">
            <span className="font-mono text-xs break-all">{record.mcpSessionId}</span>
          </Fact>
        )}
        {record.requestId && (
          <Fact label="Request">
            <span className="font-mono text-xs break-all">{record.requestId}</span>
          </Fact>
        )}
      </dl>
      {record.error && (
        <Alert variant="destructive">
          <AlertTitle>{record.error.code}</AlertTitle>
          <AlertDescription>{record.error.message}</AlertDescription>
        </Alert>
      )}
      <section className="grid gap-2">
        <h3 className="text-sm font-semibold">Parameters</h3>
        <p className="text-xs text-muted-foreground">Values that look like secrets are stored as “{AUDIT_REDACTED}”.</p>
        <CodeBlock label="parameters" code={toJson(record.params)} />
      </section>
      <section className="grid gap-2">
        <h3 className="flex items-center gap-2 text-sm font-semibold">
          Result
          {record.resultTruncated && <Badge variant="outline">Truncated</Badge>}
        </h3>
        {record.resultTruncated && (
          <p className="text-xs text-muted-foreground">The result was larger than the audit log keeps; what follows is its beginning.</p>
        )}
        {record.result === null ? (
          <p className="text-sm text-muted-foreground">No result was recorded.</p>
        ) : (
          <CodeBlock label="result" code={toJson(record.result)} />
        )}
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function toJson(value: unknown): string {
  return value === undefined ? 'null' : (JSON.stringify(value, null, 2) ?? String(value));
}
