import type { CreatedApiKey, CreatedInvitation, OdooConnection, Scope, SessionTokenResponse, Team } from '@gantry/contracts';
import { apiCall, apiSignIn } from './api';
import { stack } from './browser';
import { randomHex } from './processes';

export type ScenarioUser = { id: string; name: string; email: string; password: string; token: string };
export type TeamScenario = { team: Team; owner: ScenarioUser; admin: ScenarioUser; member: ScenarioUser };

/**
 * A team of its own for one test file, with an owner, an admin and a member who belong to no
 * other team. The run's admin creates it, hands it over and leaves, so the shared team and the
 * admin's own team list stay as the other files expect them.
 */
export async function createTeamScenario(teamName: string): Promise<TeamScenario> {
  const founderToken = await apiSignIn(stack.admin.email, stack.admin.password);
  const founder = await apiCall<{ user: { id: string } }>(founderToken, 'GET', '/api/auth/me');
  const created = await apiCall<Team>(founderToken, 'POST', '/api/teams', { name: teamName });
  const tag = randomHex(3);
  const join = async (name: string, role: 'admin' | 'member'): Promise<ScenarioUser> => {
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}.${tag}@gantry.test`;
    const password = `pw-${randomHex(8)}`;
    const invitation = await apiCall<CreatedInvitation>(founderToken, 'POST', `/api/teams/${created.id}/invitations`, { email, role });
    const response = await fetch(`${stack.webUrl}/api/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: new URL(invitation.acceptUrl).pathname.split('/').at(-1), name, password }),
    });
    if (response.status !== 200) throw new Error(`accepting the invitation of ${email} answered ${response.status}: ${await response.text()}`);
    const session = (await response.json()) as SessionTokenResponse;
    return { id: session.user.id, name, email, password, token: session.accessToken };
  };
  const owner = await join('Oona Owner', 'admin');
  const admin = await join('Adam Admin', 'admin');
  const member = await join('Mel Member', 'member');
  await apiCall(founderToken, 'POST', `/api/teams/${created.id}/transfer-ownership`, { userId: owner.id });
  await apiCall(founderToken, 'DELETE', `/api/teams/${created.id}/members/${founder.user.id}`);
  const team = await apiCall<Team>(owner.token, 'GET', `/api/teams/${created.id}`);
  return { team, owner, admin, member };
}

export function createApiKey(user: ScenarioUser, teamId: string, name: string, scopes?: Scope[]): Promise<CreatedApiKey> {
  return apiCall<CreatedApiKey>(user.token, 'POST', `/api/teams/${teamId}/api-keys`, { name, ...(scopes ? { scopes } : {}) });
}

export function connectOdoo(user: ScenarioUser, teamId: string, name = 'Demo Odoo'): Promise<OdooConnection> {
  const { url, database, login, password } = stack.odoo;
  return apiCall<OdooConnection>(user.token, 'PUT', `/api/teams/${teamId}/odoo-connection`, { name, url, database, login, secret: password });
}

/** One MCP tool call as a client makes it: JSON-RPC over POST /mcp with the key as bearer token. */
export async function callMcpTool(apiKey: string, tool: string, args: Record<string, unknown>): Promise<{ isError?: boolean }> {
  const response = await fetch(`${stack.webUrl}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } }),
  });
  if (response.status !== 200) throw new Error(`MCP ${tool} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { result?: { isError?: boolean }; error?: unknown };
  if (!body.result) throw new Error(`MCP ${tool} answered without a result: ${JSON.stringify(body)}`);
  return body.result;
}

/** The audit writer batches for a moment before it writes: wait until the team's log holds `count` calls. */
export async function waitForAuditRecords(user: ScenarioUser, teamId: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await apiCall<{ items: unknown[] }>(user.token, 'GET', `/api/teams/${teamId}/audit-logs?limit=200`);
    if (page.items.length >= count) return;
    if (Date.now() > deadline) throw new Error(`the audit log of ${teamId} holds ${page.items.length} calls, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
