'use client';

import type { AuditRecord } from '@gantry/contracts';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDateTime, formatDuration } from '@/lib/format';
import { AUDIT_STATUS_LABELS, CREDENTIAL_TYPE_LABELS } from './audit-labels';

// Module scope: Table re-derives its models whenever features or columns change identity.
const features = tableFeatures({});
const column = createColumnHelper<typeof features, AuditRecord>();

const ALL_COLUMNS = column.columns([
  column.accessor('time', { header: 'Time', cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor('tool', { header: 'Tool', cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span> }),
  column.accessor('model', { header: 'Model', cell: (info) => <span className="font-mono text-xs">{info.getValue() ?? '—'}</span> }),
  column.accessor('status', { header: 'Status', cell: (info) => <AuditStatusBadge status={info.getValue()} /> }),
  column.accessor((record) => record.user.name ?? record.user.email ?? record.user.id, { id: 'user', header: 'User' }),
  column.accessor((record) => record.credential, {
    id: 'credential',
    header: 'Credential',
    cell: (info) => {
      const credential = info.getValue();
      return (
        <span className="grid">
          <span>{credential.label ?? credential.id}</span>
          <span className="text-xs text-muted-foreground">{CREDENTIAL_TYPE_LABELS[credential.type]}</span>
        </span>
      );
    },
  }),
  column.accessor('durationMs', { header: 'Duration', cell: (info) => formatDuration(info.getValue()) }),
]);
/** Members see only their own calls, so a user column would say the same thing on every row. */
const OWN_COLUMNS = ALL_COLUMNS.filter((definition) => definition.id !== 'user');

export function AuditStatusBadge({ status }: { status: AuditRecord['status'] }) {
  return <Badge variant={status === 'success' ? 'success' : status === 'held' ? 'secondary' : 'destructive'}>{AUDIT_STATUS_LABELS[status]}</Badge>;
}

type AuditTableProps = { records: AuditRecord[]; showUser: boolean; onOpen: (record: AuditRecord) => void };

export function AuditTable({ records, showUser, onOpen }: AuditTableProps) {
  const table = useTable({
    features,
    columns: showUser ? ALL_COLUMNS : OWN_COLUMNS,
    data: records,
    getRowId: (record) => record.id,
  });

  return (
    <Table aria-label="Audit log">
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => (
              <TableHead key={header.id}>{header.isPlaceholder ? null : <table.FlexRender header={header} />}</TableHead>
            ))}
            <TableHead>
              <span className="sr-only">Details</span>
            </TableHead>
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.id} className="cursor-pointer" onClick={() => onOpen(row.original)}>
            {row.getAllCells().map((cell) => (
              <TableCell key={cell.id} className="whitespace-nowrap">
                <table.FlexRender cell={cell} />
              </TableCell>
            ))}
            <TableCell className="w-0 text-right">
              <button
                type="button"
                className="rounded-sm text-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                aria-label={`Details of the ${row.original.tool} call at ${formatDateTime(row.original.time)}`}
                onClick={(event) => {
                  event.stopPropagation();
                  onOpen(row.original);
                }}
              >
                Details
              </button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
