'use client';

import {
  odooConnectionSchema,
  odooConnectionTestResultSchema,
  type OdooConnection,
  type OdooConnectionInput,
  type OdooConnectionUpdate,
} from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const connectionPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/odoo-connection`;

/** null when the team has no connection yet (the API answers 404). */
export function useOdooConnection(teamId: string) {
  return useQuery({
    queryKey: queryKeys.odooConnection(teamId),
    queryFn: async ({ signal }): Promise<OdooConnection | null> => {
      try {
        return await request(connectionPath(teamId), { schema: odooConnectionSchema, signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export type SaveOdooConnection = { create: true; body: OdooConnectionInput } | { create: false; body: OdooConnectionUpdate };

/** The first save sends everything (PUT); later ones only what changed (PATCH), so an empty secret keeps the stored one. */
export function useSaveOdooConnection(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ create, body }: SaveOdooConnection) =>
      request(connectionPath(teamId), { method: create ? 'PUT' : 'PATCH', body, schema: odooConnectionSchema }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.odooConnection(teamId), saved),
  });
}

export function useDeleteOdooConnection(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request(connectionPath(teamId), { method: 'DELETE' }),
    onSuccess: () => queryClient.setQueryData(queryKeys.odooConnection(teamId), null),
  });
}

/** Without a draft, tests the saved connection, whose recorded status then changes. */
export function useTestOdooConnection(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draft?: OdooConnectionInput) =>
      request(`${connectionPath(teamId)}/test`, { method: 'POST', body: draft, schema: odooConnectionTestResultSchema }),
    onSuccess: (_result, draft) => {
      if (!draft) return queryClient.invalidateQueries({ queryKey: queryKeys.odooConnection(teamId) });
    },
  });
}
