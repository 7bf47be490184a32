import {
  meResponseSchema,
  sessionTokenResponseSchema,
  type AcceptInvitationRequest,
  type LoginRequest,
  type MeResponse,
  type SessionTokenResponse,
  type SetupRequest,
} from '@gantry/contracts';
import { request, startSession } from '@/lib/api-client';

async function signIn(path: string, body: unknown): Promise<SessionTokenResponse> {
  const session = await request(path, { method: 'POST', body, schema: sessionTokenResponseSchema });
  startSession(session);
  return session;
}

export const login = (body: LoginRequest) => signIn('/api/auth/login', body);
export const completeSetup = (body: SetupRequest) => signIn('/api/setup', body);
/** New accounts only; an existing account signs in and then joins. */
export const acceptInvitation = (body: AcceptInvitationRequest) => signIn('/api/invitations/accept', body);
/** The signed-in account joins the team it was invited to; answers its memberships. */
export const joinInvitation = (token: string): Promise<MeResponse> =>
  request(`/api/invitations/${encodeURIComponent(token)}/join`, { method: 'POST', schema: meResponseSchema });

/** Clears the refresh cookie server-side; the caller then reloads, which drops every in-memory trace. */
export const logout = () => request('/api/auth/logout', { method: 'POST' });
