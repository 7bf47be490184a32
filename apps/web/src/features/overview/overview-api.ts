'use client';

import { teamOverviewSchema } from '@gantry/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** The team's front page in one call: connection, today's calls, active keys and the latest errors. */
export function useTeamOverview(teamId: string) {
  return useQuery({
    queryKey: queryKeys.overview(teamId),
    queryFn: ({ signal }) => request(`/api/teams/${encodeURIComponent(teamId)}/overview`, { schema: teamOverviewSchema, signal }),
  });
}
