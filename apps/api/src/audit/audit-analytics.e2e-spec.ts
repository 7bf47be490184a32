import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditEvent } from './audit-event';
import { AuditService } from './audit.service';

describe('usage analytics and overview', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  const day = (offset: number, hour = 12) => new Date(Date.UTC(2026, 10, 20 + offset, hour));

  const event = (changes: Partial<AuditEvent> & { userId: string }): AuditEvent => ({
    teamId,
    time: day(0),
    tool: 'search_records',
    model: 'res.partner',
    status: 'success',
    durationMs: 10,
    user: { id: changes.userId, name: null, email: null },
    credential: { type: 'api_key', id: 'k1', label: null },
    mcpSessionId: null,
    requestId: null,
    params: {},
    result: null,
    error: null,
    ...changes,
  });

  beforeAll(async () => {
    app = await startTestApp();
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    member = await addMember(app, owner, teamId, { email: 'm@example.com', name: 'Mo', password: 'member-password-1' }, 'member');
    const audit = app.nest.get(AuditService);
    // owner: 10 searches on day 0 with durations 1..10 ms, 2 of them errors; 2 counts on day 1 on sale.order
    for (let index = 1; index <= 10; index += 1) {
      audit.record(
        event({
          userId: owner.userId,
          durationMs: index,
          status: index > 8 ? 'error' : 'success',
          error: index > 8 ? { code: 'ODOO_ACCESS_ERROR', message: 'no' } : null,
        }),
      );
    }
    audit.record(event({ userId: owner.userId, tool: 'count_records', model: 'sale.order', time: day(1), durationMs: 100 }));
    audit.record(
      event({
        userId: owner.userId,
        tool: 'count_records',
        model: 'sale.order',
        time: day(1),
        durationMs: 300,
        status: 'timeout',
        error: { code: 'ODOO_TIMEOUT', message: 'slow' },
      }),
    );
    // member: 3 calls today
    for (let index = 0; index < 3; index += 1) audit.record(event({ userId: member.userId, time: new Date(), tool: 'get_record', durationMs: 5 }));
    await audit.flush();
  });
  afterAll(() => app.close());

  it('aggregates a range for an admin: totals, daily per tool, per-tool p50/p95, top models and users', async () => {
    const response = await call(app, 'GET', `/api/teams/${teamId}/analytics/usage?from=${day(0, 0).toISOString()}&to=${day(2, 0).toISOString()}`, {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    const usage = response.body;
    expect(usage.totals).toEqual({ calls: 12, errors: 3, timeouts: 1, errorRate: 0.25, p50: 6, p95: 300 });
    expect(usage.daily).toEqual([
      { day: '2026-11-20', tool: 'search_records', calls: 10, errors: 2 },
      { day: '2026-11-21', tool: 'count_records', calls: 2, errors: 1 },
    ]);
    expect(usage.tools[0]).toEqual({ tool: 'search_records', calls: 10, errors: 2, errorRate: 0.2, p50: 5, p95: 10 });
    expect(usage.tools[1]).toMatchObject({ tool: 'count_records', p50: 100, p95: 300 });
    expect(usage.topModels).toEqual([
      { model: 'res.partner', calls: 10 },
      { model: 'sale.order', calls: 2 },
    ]);
    expect(usage.topUsers).toEqual([expect.objectContaining({ userId: owner.userId, calls: 12 })]);
  });

  it('members see figures of their own calls only', async () => {
    const mine = await call(app, 'GET', `/api/teams/${teamId}/analytics/usage`, { token: member.token });
    expect(mine.body.totals.calls).toBe(3);
    expect(mine.body.topUsers).toEqual([expect.objectContaining({ userId: member.userId })]);
  });

  it('gives the overview: calls today, error rate, p95, active keys, recent errors, connection', async () => {
    await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: owner.token, body: { name: 'k' } });
    const overview = await call(app, 'GET', `/api/teams/${teamId}/overview`, { token: owner.token });
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ connection: null, today: { calls: 3, errorRate: 0, p95: 5 }, activeApiKeys: 1 });
    expect(overview.body.recentErrors.map((error: { code: string }) => error.code)).toEqual(['ODOO_TIMEOUT', 'ODOO_ACCESS_ERROR', 'ODOO_ACCESS_ERROR']);
    const forMember = await call(app, 'GET', `/api/teams/${teamId}/overview`, { token: member.token });
    expect(forMember.body).toMatchObject({ activeApiKeys: 0, recentErrors: [] });
  });

  it('refuses a reversed range and other teams', async () => {
    const reversed = await call(app, 'GET', `/api/teams/${teamId}/analytics/usage?from=${day(2).toISOString()}&to=${day(0).toISOString()}`, {
      token: owner.token,
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields[0].path).toBe('from');
    expect((await call(app, 'GET', `/api/teams/${teamId}/analytics/usage?from=yesterday`, { token: owner.token })).status).toBe(400);
    const other = (await call(app, 'POST', '/api/teams', { token: member.token, body: { name: 'Mine' } })).body.id;
    expect((await call(app, 'GET', `/api/teams/${other}/overview`, { token: owner.token })).status).toBe(404);
  });
});
