'use client';

import { createdInvitationSchema, invitationSchema, memberSchema, type AssignableRole, type CreateInvitationRequest } from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

const memberListSchema = z.array(memberSchema);
const invitationListSchema = z.array(invitationSchema);
const teamPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}`;

export function useMembers(teamId: string) {
  return useQuery({
    queryKey: queryKeys.members(teamId),
    queryFn: ({ signal }) => request(`${teamPath(teamId)}/members`, { schema: memberListSchema, signal }),
  });
}

export function useInvitations(teamId: string) {
  return useQuery({
    queryKey: queryKeys.invitations(teamId),
    queryFn: ({ signal }) => request(`${teamPath(teamId)}/invitations`, { schema: invitationListSchema, signal }),
  });
}

export function useCreateInvitation(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationRequest) => request(`${teamPath(teamId)}/invitations`, { method: 'POST', body, schema: createdInvitationSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(teamId) }),
  });
}

export function useRevokeInvitation(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => request(`${teamPath(teamId)}/invitations/${encodeURIComponent(invitationId)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(teamId) }),
  });
}

export function useChangeRole(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: AssignableRole }) =>
      request(`${teamPath(teamId)}/members/${encodeURIComponent(userId)}`, {
        method: 'PATCH',
        body: { role },
        schema: memberSchema,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(teamId) }),
  });
}

/** Removing someone else, or yourself (leaving the team). */
export function useRemoveMember(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => request(`${teamPath(teamId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(teamId) }),
  });
}

/** The previous owner becomes an admin, so the caller's own role changes too. */
export function useTransferOwnership(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => request(`${teamPath(teamId)}/transfer-ownership`, { method: 'POST', body: { userId } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.members(teamId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.teams, exact: true }),
      ]),
  });
}

/**
 * After leaving, every cached team query is dropped rather than refetched: the page stays as it
 * was until the caller navigates away, and the next page loads the caller's teams afresh.
 */
export function useLeaveTeam(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ownUserId: string) => request(`${teamPath(teamId)}/members/${encodeURIComponent(ownUserId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.removeQueries({ queryKey: queryKeys.teams }),
  });
}
