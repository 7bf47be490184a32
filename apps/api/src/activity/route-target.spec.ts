import { describe, expect, it } from 'vitest';
import { routeTarget } from './route-target';

const ID = '0123456789abcdef01234567';
const TEAM = 'abcdef0123456789abcdef01';

describe('routeTarget', () => {
  it('takes the last parameter but the team, and the segment naming it', () => {
    expect(routeTarget('/api/teams/:teamId/members/:userId', { teamId: TEAM, userId: ID })).toEqual({ resource: 'members', id: ID, label: null });
    expect(routeTarget('/api/teams/:teamId/workspaces/:name/start', { teamId: TEAM, name: 'dev-1' })).toEqual({
      resource: 'workspaces',
      id: 'dev-1',
      label: null,
    });
  });

  it('names what a team route acts on, or the team itself, and nothing outside teams', () => {
    expect(routeTarget('/api/teams/:teamId/odoo-connection/test', { teamId: TEAM })).toEqual({ resource: 'odoo-connection', id: null, label: null });
    expect(routeTarget('/api/teams/:teamId', { teamId: TEAM })).toEqual({ resource: 'teams', id: TEAM, label: null });
    expect(routeTarget('/api/auth/logout', {})).toBeNull();
  });

  it('keeps ids whatever their parameter is called, and redacts values that are secrets', () => {
    expect(routeTarget('/api/auth/sessions/:sessionId', { sessionId: ID })?.id).toBe(ID);
    expect(routeTarget('/api/invitations/:token/join', { token: 'Zx8q-long-random-invitation-token-value' })?.id).toBe('[redacted]');
  });
});
