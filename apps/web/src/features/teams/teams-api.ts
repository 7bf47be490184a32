'use client';

import { roleHasPermission, teamSchema, type CreateTeamRequest, type Permission, type Team, type UpdateTeamRequest } from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const teamListSchema = z.array(teamSchema);

export function useTeams({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => request('/api/teams', { schema: teamListSchema, signal }),
    enabled,
  });
}

export type CurrentTeam = { team: Team; can: (permission: Permission) => boolean };

/** The team in the URL as the caller sees it; the role decides which controls exist at all. */
export function useCurrentTeam(teamId: string) {
  const teams = useTeams();
  const team = teams.data?.find((t) => t.id === teamId);
  const current: CurrentTeam | undefined = team && {
    team,
    can: (permission) => roleHasPermission(team.role, permission),
  };
  return { ...teams, current };
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTeamRequest) => request('/api/teams', { method: 'POST', body, schema: teamSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
  });
}

/** Only the owner may (team.manageSettings); the answer replaces the team in the cached list. */
export function useUpdateTeam(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTeamRequest) => request(`/api/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body, schema: teamSchema }),
    onSuccess: (updated) => {
      queryClient.setQueryData<Team[]>(queryKeys.teams, (teams) => teams?.map((team) => (team.id === updated.id ? updated : team)));
      return queryClient.invalidateQueries({ queryKey: queryKeys.teams, exact: true });
    },
  });
}
