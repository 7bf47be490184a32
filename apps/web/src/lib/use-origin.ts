'use client';

import { useSyncExternalStore } from 'react';

const subscribeToNothing = () => () => undefined;

/**
 * The address this dashboard is served from, which is the public one (/mcp, /oauth and /api are
 * forwarded to the API). Null while rendering on the server.
 */
export function useOrigin(): string | null {
  return useSyncExternalStore(
    subscribeToNothing,
    () => window.location.origin,
    () => null,
  );
}
