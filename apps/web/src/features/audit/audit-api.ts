'use client';

import {
  auditPageSchema,
  auditRecordSchema,
  type AuditExportFormat,
  type AuditQuery,
  type AuditRecord,
} from '@gantry/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { download, request, type DownloadedFile } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** The list filters as the API reads them; paging is the query's business. */
export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

export const AUDIT_PAGE_SIZE = 50;

const auditPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/audit-logs`;

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Newest first, one page at a time: each page's `nextCursor` asks for the next, older one. */
export function useAuditLogs(teamId: string, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.auditLogs(teamId, filters),
    queryFn: ({ pageParam, signal }) =>
      request(`${auditPath(teamId)}${queryString({ ...filters, cursor: pageParam, limit: AUDIT_PAGE_SIZE })}`, {
        schema: auditPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** One call in full; the row it was opened from stands in while it loads. */
export function useAuditRecord(teamId: string, record: AuditRecord) {
  return useQuery({
    queryKey: queryKeys.auditRecord(teamId, record.id),
    queryFn: ({ signal }) => request(`${auditPath(teamId)}/${encodeURIComponent(record.id)}`, { schema: auditRecordSchema, signal }),
    placeholderData: record,
  });
}

export function exportAuditLogs(teamId: string, filters: AuditFilters, format: AuditExportFormat): Promise<DownloadedFile> {
  return download(`${auditPath(teamId)}/export${queryString({ ...filters, format })}`);
}
