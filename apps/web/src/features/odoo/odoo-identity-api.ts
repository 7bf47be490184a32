'use client';

import { odooIdentitySchema, type OdooIdentityInput } from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const identityPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/odoo-identity`;

/** The caller's own Odoo login in this team; every member sees only their own. */
export function useOdooIdentity(teamId: string) {
  return useQuery({
    queryKey: queryKeys.odooIdentity(teamId),
    queryFn: ({ signal }) => request(identityPath(teamId), { schema: odooIdentitySchema, signal }),
  });
}

/** Odoo checks the login first; a refusal comes back as 422 ODOO_CREDENTIALS_REJECTED. */
export function useLinkOdooIdentity(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OdooIdentityInput) => request(identityPath(teamId), { method: 'PUT', body, schema: odooIdentitySchema }),
    onSuccess: (linked) => queryClient.setQueryData(queryKeys.odooIdentity(teamId), linked),
  });
}

export function useUnlinkOdooIdentity(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request(identityPath(teamId), { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.odooIdentity(teamId) }),
  });
}
