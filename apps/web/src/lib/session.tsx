'use client';

import type { SessionTokenResponse } from '@gantry/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, getSession, onSessionChange, refreshSession } from './api-client';
import { queryKeys } from './query-keys';

export type SessionState =
  | { status: 'loading' }
  | { status: 'authenticated'; session: SessionTokenResponse }
  | { status: 'anonymous' }
  | { status: 'error'; error: Error; retry: () => void };

/** On load the refresh cookie (httpOnly, invisible to us) is the only trace of a session. */
async function restoreSession(): Promise<SessionTokenResponse | null> {
  try {
    return await refreshSession();
  } catch (error) {
    // A sign-in that finished while this was in flight wins over "no cookie".
    if (error instanceof ApiError && error.status === 401) return getSession();
    throw error;
  }
}

/** Keeps the session query in step with logins, refreshes and logouts done by the API client. */
export function SessionSync() {
  const queryClient = useQueryClient();
  useEffect(() => onSessionChange((session) => queryClient.setQueryData(queryKeys.session, session)), [queryClient]);
  return null;
}

export function useSession(): SessionState {
  const query = useQuery({
    queryKey: queryKeys.session,
    queryFn: restoreSession,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  if (query.isPending) return { status: 'loading' };
  if (query.isError) return { status: 'error', error: query.error, retry: () => void query.refetch() };
  return query.data ? { status: 'authenticated', session: query.data } : { status: 'anonymous' };
}
