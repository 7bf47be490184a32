'use client';

import { usageAnalyticsSchema } from '@gantry/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const USAGE_RANGES = [7, 30, 90] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first UTC midnight of a range of `days` days that ends today (today included). */
export function rangeStart(days: number, now = new Date()): Date {
  const start = new Date(now);
  start.setUTCHours(0, 0, 0, 0);
  return new Date(start.getTime() - (days - 1) * DAY_MS);
}

/** Every UTC day of the range as YYYY-MM-DD, oldest first, so quiet days still show on the chart. */
export function rangeDays(days: number, now = new Date()): string[] {
  const start = rangeStart(days, now).getTime();
  return Array.from({ length: days }, (_, index) => new Date(start + index * DAY_MS).toISOString().slice(0, 10));
}

/** Keyed by the range's length, not its timestamps, so a re-render does not ask again. */
export function useUsageAnalytics(teamId: string, days: UsageRange) {
  return useQuery({
    queryKey: queryKeys.usage(teamId, days),
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ from: rangeStart(days).toISOString(), to: new Date().toISOString() });
      return request(`/api/teams/${encodeURIComponent(teamId)}/analytics/usage?${search}`, { schema: usageAnalyticsSchema, signal });
    },
    placeholderData: keepPreviousData,
  });
}
