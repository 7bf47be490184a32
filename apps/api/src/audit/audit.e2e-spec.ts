import { randomBytes } from 'node:crypto';
import { AUDIT_REDACTED } from '@gantry/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditEvent } from './audit-event';
import { AuditService } from './audit.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const API_KEY = `gnt_live_${randomBytes(24).toString('base64url')}`;
const ODOO_PASSWORD = `odoo-${randomBytes(12).toString('hex')}`;
const BEARER = randomBytes(24).toString('base64url');

function toolCall(teamId: string, userId: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    teamId,
    time: new Date(),
    tool: 'search_read',
    model: 'res.partner',
    status: 'success',
    durationMs: 12,
    user: { id: userId, name: 'Olivia Owner', email: OWNER.email },
    credential: { type: 'api_key', id: 'key-1', label: 'CI key' },
    mcpSessionId: 'mcp-session-1',
    requestId: 'req-1',
    params: { model: 'res.partner', domain: [['is_company', '=', true]], limit: 5 },
    result: [{ id: 1, name: 'Acme' }],
    error: null,
    ...overrides,
  };
}

/** The sink and its writer against the real MongoDB-wire server: counts, shutdown, redaction, retention. */
describe('audit log storage', () => {
  let app: TestApp;
  let audit: AuditService;
  let owner: SignedInUser;
  let teamId: string;

  beforeAll(async () => {
    app = await startTestApp();
    audit = app.nest.get(AuditService);
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  });
  afterAll(() => app.close());

  const logs = () => app.db.collection('audit_logs');

  it('stores every recorded call: 2 000 recorded, 2 000 written, none dropped or failed', async () => {
    const before = audit.counters();
    for (let index = 0; index < 2000; index += 1) audit.record(toolCall(teamId, owner.userId, { requestId: `bulk-${index}` }));
    await audit.flush();
    expect(await logs().countDocuments({ requestId: /^bulk-/ })).toBe(2000);
    expect(
      new Set(
        (
          await logs()
            .find({ requestId: /^bulk-/ })
            .project({ requestId: 1 })
            .toArray()
        ).map((doc) => doc.requestId),
      ).size,
    ).toBe(2000);
    const after = audit.counters();
    expect(after.enqueued - before.enqueued).toBe(2000);
    expect(after.written - before.written).toBe(2000);
    expect(after).toMatchObject({ dropped: before.dropped, failed: before.failed, queued: 0 });
  });

  it('record() returns at once, without waiting for the database', async () => {
    const before = audit.counters();
    const started = performance.now();
    for (let index = 0; index < 500; index += 1) audit.record(toolCall(teamId, owner.userId, { requestId: `fast-${index}` }));
    const elapsed = performance.now() - started;
    expect(audit.counters()).toMatchObject({ queued: 500, written: before.written }); // nothing written synchronously
    expect(elapsed).toBeLessThan(250);
    await audit.flush();
    expect(await logs().countDocuments({ requestId: /^fast-/ })).toBe(500);
  });

  it('keeps the documented shape and indexes in the audit_logs collection', async () => {
    audit.record(toolCall(teamId, owner.userId, { requestId: 'shape', status: 'error', error: { code: 'ODOO_ACCESS_DENIED', message: 'no access' } }));
    await audit.flush();
    const stored = await logs().findOne({ requestId: 'shape' });
    expect(stored).toMatchObject({
      tool: 'search_read',
      model: 'res.partner',
      status: 'error',
      durationMs: 12,
      userName: 'Olivia Owner',
      userEmail: OWNER.email,
      credential: { type: 'api_key', id: 'key-1', label: 'CI key' },
      mcpSessionId: 'mcp-session-1',
      resultTruncated: false,
      error: { code: 'ODOO_ACCESS_DENIED', message: 'no access' },
    });
    expect(stored!.teamId.toHexString()).toBe(teamId);
    expect(stored!.userId.toHexString()).toBe(owner.userId);
    expect(stored!.time).toBeInstanceOf(Date);
    const indexes = await logs().indexes();
    const keys = indexes.map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(
      expect.arrayContaining([
        JSON.stringify({ teamId: 1, time: -1, _id: -1 }),
        JSON.stringify({ teamId: 1, tool: 1, time: -1 }),
        JSON.stringify({ teamId: 1, status: 1, time: -1 }),
        JSON.stringify({ teamId: 1, userId: 1, time: -1 }),
      ]),
    );
    expect(indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ expiresAt: 1 }))?.expireAfterSeconds).toBe(0);
  });

  it('stores no secrets: secret-looking keys, API keys, bearer tokens and URL passwords are redacted', async () => {
    audit.record(
      toolCall(teamId, owner.userId, {
        requestId: 'secrets',
        tool: 'execute_kw',
        params: {
          model: 'res.users',
          values: { login: 'bob', password: ODOO_PASSWORD, api_key: API_KEY },
          headers: { Authorization: `Bearer ${BEARER}`, Cookie: `session_id=${BEARER}` },
          note: `called with ${API_KEY}`,
          url: `https://admin:${ODOO_PASSWORD}@odoo.example.com`,
        },
        result: { token: BEARER, echo: `Bearer ${BEARER}`, rows: [{ access_token: BEARER, name: 'kept' }] },
        status: 'error',
        error: { code: 'ODOO_ERROR', message: `Odoo said: invalid key ${API_KEY}` },
      }),
    );
    await audit.flush();
    const raw = await logs().find({ requestId: 'secrets' }).toArray();
    expect(raw).toHaveLength(1);
    const dump = JSON.stringify(raw);
    for (const secret of [API_KEY, ODOO_PASSWORD, BEARER]) expect(dump).not.toContain(secret);
    expect(raw[0]!.params.values).toEqual({ login: 'bob', password: AUDIT_REDACTED, api_key: AUDIT_REDACTED });
    expect(raw[0]!.params.headers).toEqual({ Authorization: AUDIT_REDACTED, Cookie: AUDIT_REDACTED });
    expect(raw[0]!.params.note).toBe(`called with ${AUDIT_REDACTED}`);
    expect(raw[0]!.result.rows).toEqual([{ access_token: AUDIT_REDACTED, name: 'kept' }]);
    expect(raw[0]!.error.message).toBe(`Odoo said: invalid key ${AUDIT_REDACTED}`);
  });

  it('stores a large result as a bounded, valid JSON preview marked resultTruncated', async () => {
    const rows = Array.from({ length: 20_000 }, (_, id) => ({ id, name: `Partner ${id}`, comment: 'z'.repeat(40) }));
    const params = { ids: Array.from({ length: 10_000 }, (_, id) => id) };
    audit.record(toolCall(teamId, owner.userId, { requestId: 'large', params, result: rows }));
    audit.record(toolCall(teamId, owner.userId, { requestId: 'small', result: rows.slice(0, 3) }));
    await audit.flush();
    const large = await logs().findOne({ requestId: 'large' });
    expect(large!.resultTruncated).toBe(true);
    expect(JSON.stringify(large!.result).length).toBeLessThanOrEqual(8 * 1024);
    expect(large!.result[0]).toEqual(rows[0]);
    expect(JSON.stringify(large!.params).length).toBeLessThanOrEqual(4 * 1024);
    const small = await logs().findOne({ requestId: 'small' });
    expect(small).toMatchObject({ resultTruncated: false, result: rows.slice(0, 3) });
  });

  it('rejects malformed events without throwing, and counts them', async () => {
    const before = audit.counters();
    expect(() => audit.record(toolCall('not-a-team', owner.userId))).not.toThrow();
    expect(() => audit.record(toolCall(teamId, owner.userId, { time: new Date('nonsense') }))).not.toThrow();
    expect(() => audit.record(null as unknown as AuditEvent)).not.toThrow();
    expect(audit.counters().rejected - before.rejected).toBe(3);
    expect(audit.counters().enqueued).toBe(before.enqueued);
  });

  it('sets expiresAt from the team retention, and the purge removes exactly what has expired', async () => {
    const shortTeam = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Short memory' } })).body.id as string;
    const retained = await call(app, 'PATCH', `/api/teams/${shortTeam}`, { token: owner.token, body: { settings: { auditRetentionDays: 7 } } });
    expect(retained.status).toBe(200);
    const now = Date.now();
    const ages = [10, 6, 0];
    for (const age of ages) {
      audit.record(toolCall(shortTeam, owner.userId, { requestId: `short-${age}`, time: new Date(now - age * DAY_MS) }));
      audit.record(toolCall(teamId, owner.userId, { requestId: `default-${age}`, time: new Date(now - age * DAY_MS) }));
    }
    await audit.flush();
    for (const age of ages) {
      const short = await logs().findOne({ requestId: `short-${age}` });
      expect(short!.expiresAt.getTime() - short!.time.getTime()).toBe(7 * DAY_MS);
      const standard = await logs().findOne({ requestId: `default-${age}` });
      expect(standard!.expiresAt.getTime() - standard!.time.getTime()).toBe(90 * DAY_MS);
    }

    const remaining = async () =>
      (
        await logs()
          .find({ requestId: /^(short|default)-/ })
          .toArray()
      )
        .map((doc) => doc.requestId)
        .sort();
    expect(await audit.purgeExpired(new Date(now))).toBe(1);
    expect(await remaining()).toEqual(['default-0', 'default-10', 'default-6', 'short-0', 'short-6']);
    expect(await audit.purgeExpired(new Date(now + 2 * DAY_MS))).toBe(1);
    expect(await remaining()).toEqual(['default-0', 'default-10', 'default-6', 'short-0']);
    expect(await audit.purgeExpired(new Date(now + 81 * DAY_MS))).toBe(2);
    expect(await remaining()).toEqual(['default-0', 'default-6']);
  });
});

/** A normal stop (SIGTERM → app.close()) writes everything recorded before and during it. */
describe('audit log at shutdown', () => {
  const database = `gantry-audit-shutdown-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    const cleanup = await startTestApp({}, { database });
    await cleanup.close();
  });

  it('loses nothing when the app is closed right after recording', async () => {
    const first = await startTestApp({}, { database, keepDatabase: true });
    const owner = await login(first, OWNER.email, OWNER.password);
    const teamId = (await call(first, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    const audit = first.nest.get(AuditService);
    for (let index = 0; index < 1500; index += 1) audit.record(toolCall(teamId, owner.userId, { requestId: `close-${index}` }));
    // A tool call that finishes while the HTTP server is closing records after close() has begun.
    first.nest.getHttpServer().once('close', () => audit.record(toolCall(teamId, owner.userId, { requestId: 'straggler' })));
    await first.close();
    expect(audit.counters()).toMatchObject({ enqueued: 1501, written: 1501, dropped: 0, failed: 0, queued: 0 });

    const second = await startTestApp({}, { database, keepDatabase: true });
    try {
      expect(await second.db.collection('audit_logs').countDocuments({ requestId: /^close-/ })).toBe(1500);
      expect(await second.db.collection('audit_logs').countDocuments({ requestId: 'straggler' })).toBe(1);
    } finally {
      await second.close();
    }
  });
});
