'use client';

import {
  createdOAuthClientSchema,
  oauthClientSchema,
  oauthGrantSchema,
  oauthInteractionSchema,
  oauthRedirectSchema,
  type CreateOAuthClientRequest,
  type OAuthConsentRequest,
} from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const interactionPath = (uid: string) => `/api/oauth/interaction/${encodeURIComponent(uid)}`;
const teamOAuthPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/oauth`;

/** The authorization waiting for this user's decision (the interaction cookie ties it to this browser). */
export function useOAuthInteraction(uid: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.oauthInteraction(uid),
    queryFn: ({ signal }) => request(`${interactionPath(uid)}/details`, { schema: oauthInteractionSchema, signal }),
    enabled,
    retry: false,
    staleTime: Infinity,
  });
}

export function useOAuthDecision(uid: string) {
  return useMutation({
    mutationFn: (decision: { allow: OAuthConsentRequest } | { deny: true }) =>
      'allow' in decision
        ? request(`${interactionPath(uid)}/consent`, { method: 'POST', body: decision.allow, schema: oauthRedirectSchema })
        : request(`${interactionPath(uid)}/deny`, { method: 'POST', body: {}, schema: oauthRedirectSchema }),
  });
}

export function useOAuthGrants(teamId: string) {
  return useQuery({
    queryKey: queryKeys.oauthGrants(teamId),
    queryFn: ({ signal }) => request(`${teamOAuthPath(teamId)}/grants`, { schema: z.array(oauthGrantSchema), signal }),
  });
}

export function useRevokeOAuthGrant(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => request(`${teamOAuthPath(teamId)}/grants/${encodeURIComponent(grantId)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.oauthGrants(teamId) }),
  });
}

export function useOAuthClients(teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.oauthClients(teamId),
    queryFn: ({ signal }) => request(`${teamOAuthPath(teamId)}/clients`, { schema: z.array(oauthClientSchema), signal }),
    enabled,
  });
}

export function useCreateOAuthClient(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOAuthClientRequest) => request(`${teamOAuthPath(teamId)}/clients`, { method: 'POST', body, schema: createdOAuthClientSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.oauthClients(teamId) }),
  });
}

export function useDeleteOAuthClient(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => request(`${teamOAuthPath(teamId)}/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.oauthClients(teamId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.oauthGrants(teamId) });
    },
  });
}
