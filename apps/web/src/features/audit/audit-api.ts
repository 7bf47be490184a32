'use client';

import { auditPageSchema, auditRecordSchema, type AuditExportFormat, type AuditPage, type AuditQuery, type AuditRecord } from '@gantry/contracts';
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { useEffect, useState } from 'react';
import { download, openStream, request, type DownloadedFile } from '@/lib/api-client';
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

export type LiveTailStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/**
 * While `enabled`, new calls matching the filters arrive by server-sent events and are put at the
 * top of the first page of the list. The server ends a stream after a few minutes; it is reopened
 * (with a fresh token if needed), and after a failure retried every few seconds.
 */
export function useAuditLiveTail(teamId: string, filters: AuditFilters, enabled: boolean): LiveTailStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveTailStatus>('off');
  const filtersKey = JSON.stringify(filters);

  useEffect(() => {
    if (!enabled) return;
    const current = JSON.parse(filtersKey) as AuditFilters;
    const key = queryKeys.auditLogs(teamId, current);
    const controller = new AbortController();
    const add = (record: AuditRecord) =>
      queryClient.setQueryData<InfiniteData<AuditPage, string | undefined>>(key, (data) => {
        if (!data || data.pages.some((page) => page.items.some((item) => item.id === record.id))) return data;
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first, items: [record, ...first.items] }, ...rest] };
      });
    const parser = createParser({
      onEvent: (message) => {
        if (message.event !== 'record') return;
        const parsed = auditRecordSchema.safeParse(JSON.parse(message.data));
        if (parsed.success) add(parsed.data);
      },
    });

    void (async () => {
      await Promise.resolve();
      setStatus('connecting');
      while (!controller.signal.aborted) {
        try {
          const response = await openStream(`${auditPath(teamId)}/stream${queryString({ ...current })}`, controller.signal);
          setStatus('live');
          const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.feed(value);
          }
          parser.reset();
        } catch {
          if (controller.signal.aborted) return;
          setStatus('reconnecting');
          await new Promise((resolve) => setTimeout(resolve, 3_000));
        }
      }
    })();
    return () => {
      controller.abort();
      setStatus('off');
    };
  }, [enabled, filtersKey, queryClient, teamId]);

  return enabled ? status : 'off';
}
