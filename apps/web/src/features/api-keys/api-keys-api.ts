'use client';

import { apiKeySchema, createdApiKeySchema, type CreateApiKeyRequest } from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const apiKeyListSchema = z.array(apiKeySchema);
const keysPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/api-keys`;

/** The API decides whose keys come back: a member's own, or the whole team's for owners and admins. */
export function useApiKeys(teamId: string, includeRevoked: boolean) {
  return useQuery({
    queryKey: queryKeys.apiKeys(teamId, includeRevoked),
    queryFn: ({ signal }) => request(`${keysPath(teamId)}${includeRevoked ? '?includeRevoked=true' : ''}`, { schema: apiKeyListSchema, signal }),
  });
}

export function useCreateApiKey(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => request(keysPath(teamId), { method: 'POST', body, schema: createdApiKeySchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.allApiKeys(teamId) }),
  });
}

export function useRevokeApiKey(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => request(`${keysPath(teamId)}/${encodeURIComponent(keyId)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.allApiKeys(teamId) }),
  });
}
