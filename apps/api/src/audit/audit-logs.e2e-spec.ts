import { AUDIT_EXPORT_MAX_ROWS, auditRecordSchema, AuditStatus } from '@gantry/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditEvent } from './audit-event';
import { AuditService } from './audit.service';

const TOOLS = ['search_read', 'create', 'write', 'fields_get'];
const MODELS = ['res.partner', 'sale.order', 'account.move', null, 'resXpartner', 'res_partner'];
const CSV_HEADER = 'time,tool,model,status,durationMs,userEmail,credentialType,credentialId,errorCode,errorMessage';

interface Seeded {
  requestId: string;
  time: number;
  userId: string;
  tool: string;
  status: AuditStatus;
  model: string | null;
}

/** The audit-log routes over real HTTP: filters, cursor pages, who sees what, exports. */
describe('audit log routes', () => {
  let app: TestApp;
  let audit: AuditService;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  let otherTeamId: string;
  /** Team A's records in the order the API must return them: newest first, later-recorded first on equal times. */
  let seeded: Seeded[];
  const names = new Map<string, { name: string; email: string }>();

  const event = (team: string, user: SignedInUser, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
    teamId: team,
    time: new Date(),
    tool: 'search_read',
    model: 'res.partner',
    status: 'success',
    durationMs: 7,
    user: { id: user.userId, ...names.get(user.userId) },
    credential: { type: 'api_key', id: `key-of-${user.email}`, label: 'laptop' },
    mcpSessionId: 'session-a',
    requestId: null,
    params: { domain: [['id', '>', 0]], password: 'never-stored' },
    result: { count: 1 },
    error: null,
    ...overrides,
  });

  const list = (user: SignedInUser, query: Record<string, string | number> = {}, team = teamId) =>
    call(
      app,
      'GET',
      `/api/teams/${team}/audit-logs?${new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]))}`,
      {
        token: user.token,
      },
    );

  /** Every page, following nextCursor. */
  const listAll = async (user: SignedInUser, query: Record<string, string | number> = {}, team = teamId) => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(user, { limit: 200, ...query, ...(cursor ? { cursor } : {}) }, team);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };

  const download = async (user: SignedInUser, query: Record<string, string>, team = teamId) => {
    const response = await fetch(`${app.baseUrl}/api/teams/${team}/audit-logs/export?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  const requestIds = (items: Array<{ requestId: string | null }>) => items.map((item) => item.requestId);
  const expected = (keep: (record: Seeded) => boolean) => seeded.filter(keep).map((record) => record.requestId);

  beforeAll(async () => {
    app = await startTestApp();
    audit = app.nest.get(AuditService);
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    admin = await addMember(app, owner, teamId, { email: 'admin@example.com', name: 'Ada Admin', password: 'admin-password-1' }, 'admin');
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Max Member', password: 'member-password-1' }, 'member');
    otherTeamId = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other team' } })).body.id;
    names.set(owner.userId, { name: OWNER.name, email: OWNER.email });
    names.set(admin.userId, { name: 'Ada Admin', email: admin.email });
    names.set(member.userId, { name: 'Max Member', email: member.email });

    // 90 calls over 30 seconds, three per second, so that equal times must be ordered by id.
    const base = Date.now() - 60 * 60 * 1000;
    const users = [owner, admin, member];
    const made: Seeded[] = [];
    for (let index = 0; index < 90; index += 1) {
      const status: AuditStatus = index % 10 === 0 ? 'error' : index % 15 === 7 ? 'timeout' : 'success';
      const record: Seeded = {
        requestId: `a-${index}`,
        time: base + Math.floor(index / 3) * 1000,
        userId: users[index % 3]!.userId,
        tool: TOOLS[index % TOOLS.length]!,
        status,
        model: MODELS[index % MODELS.length]!,
      };
      made.push(record);
      audit.record(
        event(teamId, users[index % 3]!, {
          requestId: record.requestId,
          time: new Date(record.time),
          tool: record.tool,
          status,
          model: record.model,
          error: status === 'error' ? { code: 'ODOO_ACCESS_DENIED', message: `call ${index} refused` } : null,
        }),
      );
    }
    audit.record(
      event(otherTeamId, owner, {
        requestId: 'b-0',
        tool: '=HYPERLINK("http://evil")',
        status: 'error',
        error: { code: 'ODOO_ERROR', message: 'bad, "quoted"\nsecond line' },
      }),
    );
    await audit.flush();
    seeded = made.reverse();
  });
  afterAll(() => app.close());

  it('lists the newest first, 50 by default, in the shared contract shape', async () => {
    const page = await list(owner);
    expect(page.status).toBe(200);
    expect(requestIds(page.body.items)).toEqual(expected(() => true).slice(0, 50));
    expect(page.body.nextCursor).toEqual(expect.any(String));
    for (const item of page.body.items) expect(auditRecordSchema.safeParse(item).success).toBe(true);
    const first = page.body.items[0];
    expect(first).toMatchObject({ teamId, credential: { type: 'api_key', label: 'laptop' }, mcpSessionId: 'session-a', resultTruncated: false });
    expect(first.params).toEqual({ domain: [['id', '>', 0]], password: '[redacted]' });
  });

  it('pages with an opaque cursor: no duplicates, no gaps, even while newer calls arrive', async () => {
    const collected: Array<string | null> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(owner, { limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      collected.push(...requestIds(page.body.items));
      cursor = page.body.nextCursor;
      pages += 1;
      if (pages === 2) {
        for (let index = 0; index < 5; index += 1) audit.record(event(teamId, owner, { requestId: `late-${index}` }));
        await audit.flush();
      }
    } while (cursor);
    expect(pages).toBe(Math.ceil(90 / 7));
    expect(collected).toEqual(expected(() => true));
    await app.db.collection('audit_logs').deleteMany({ requestId: /^late-/ });
  });

  it('filters by tool, status, user, time range and model text, and combines them', async () => {
    expect(requestIds(await listAll(owner, { tool: 'create' }))).toEqual(expected((record) => record.tool === 'create'));
    expect(requestIds(await listAll(owner, { status: 'error' }))).toEqual(expected((record) => record.status === 'error'));
    expect(requestIds(await listAll(owner, { status: 'timeout' }))).toEqual(expected((record) => record.status === 'timeout'));
    expect(requestIds(await listAll(owner, { userId: member.userId }))).toEqual(expected((record) => record.userId === member.userId));

    const from = seeded[60]!.time;
    const to = seeded[30]!.time;
    expect(requestIds(await listAll(owner, { from: new Date(from).toISOString(), to: new Date(to).toISOString() }))).toEqual(
      expected((record) => record.time >= from && record.time <= to),
    );
    expect(requestIds(await listAll(owner, { to: new Date(from).toISOString() }))).toEqual(expected((record) => record.time <= from));

    // q is literal text, matched case-insensitively: the dot in res.partner is not a wildcard.
    expect(requestIds(await listAll(owner, { q: 'res.partner' }))).toEqual(expected((record) => record.model === 'res.partner'));
    expect(requestIds(await listAll(owner, { q: 'PARTNER' }))).toEqual(expected((record) => /partner/i.test(record.model ?? '')));
    expect(await listAll(owner, { q: '.*' })).toEqual([]);

    const combined = { tool: 'search_read', status: 'success', userId: admin.userId };
    expect(requestIds(await listAll(owner, combined))).toEqual(
      expected((record) => record.tool === 'search_read' && record.status === 'success' && record.userId === admin.userId),
    );
  });

  it('answers 400 with field paths for bad query parameters', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ status: 'crashed' }, 'status'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2025-13-01' }, 'to'],
      [{ userId: 'bob' }, 'userId'],
      [{ tool: 'x'.repeat(101) }, 'tool'],
      [{ sort: 'asc' }, 'sort'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
    ];
    for (const [query, path] of cases) {
      const response = await list(owner, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.fields.map((field: { path: string }) => field.path)).toContain(path);
    }
    const badExport = await download(owner, { format: 'xml' });
    expect(badExport.status).toBe(400);
    expect(JSON.parse(badExport.text).error.fields[0].path).toBe('format');
  });

  it('shows members only their own calls; owners and admins see the whole team', async () => {
    const own = await listAll(member);
    expect(requestIds(own)).toEqual(expected((record) => record.userId === member.userId));
    expect(own.every((item) => item.user.id === member.userId && item.user.email === member.email)).toBe(true);
    expect(await listAll(member, { userId: owner.userId })).toEqual([]);
    expect(requestIds(await listAll(member, { status: 'error' }))).toEqual(expected((record) => record.userId === member.userId && record.status === 'error'));
    expect(requestIds(await listAll(admin))).toEqual(expected(() => true));
  });

  it('returns one record in full, and 404 for another team’s or (to a member) another user’s record', async () => {
    const [ownersRecord] = (await list(owner, { userId: owner.userId, limit: 1 })).body.items;
    const [membersRecord] = (await list(member, { limit: 1 })).body.items;
    const [otherTeamRecord] = (await list(owner, {}, otherTeamId)).body.items;

    const full = await call(app, 'GET', `/api/teams/${teamId}/audit-logs/${membersRecord.id}`, { token: member.token });
    expect(full.status).toBe(200);
    expect(full.body).toEqual(membersRecord);
    expect(full.body.result).toEqual({ count: 1 });
    expect((await call(app, 'GET', `/api/teams/${teamId}/audit-logs/${ownersRecord.id}`, { token: admin.token })).status).toBe(200);

    const notFound = [
      [member, teamId, ownersRecord.id],
      [owner, teamId, otherTeamRecord.id],
      [owner, teamId, 'not-an-id'],
      [owner, teamId, '0123456789abcdef01234567'],
      [admin, otherTeamId, otherTeamRecord.id],
    ] as const;
    for (const [user, team, id] of notFound) {
      const response = await call(app, 'GET', `/api/teams/${team}/audit-logs/${id}`, { token: user.token });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect((await list(admin, {}, otherTeamId)).status).toBe(404);
    expect((await download(admin, {}, otherTeamId)).status).toBe(404);
  });

  it('exports CSV with the filters applied, as an attachment', async () => {
    const file = await download(owner, { format: 'csv', status: 'error' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="gantry-audit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(file.headers.get('x-export-truncated')).toBe('false');
    const lines = file.text.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    const errors = seeded.filter((record) => record.status === 'error');
    expect(lines).toHaveLength(errors.length + 1);
    const newest = errors[0]!;
    const index = Number(newest.requestId.slice(2));
    const email = names.get(newest.userId)!.email;
    expect(lines[1]).toBe(
      [
        new Date(newest.time).toISOString(),
        newest.tool,
        newest.model ?? '',
        'error',
        7,
        email,
        'api_key',
        `key-of-${email}`,
        'ODOO_ACCESS_DENIED',
        `call ${index} refused`,
      ].join(','),
    );
  });

  it('quotes CSV cells and defuses spreadsheet formulas', async () => {
    const file = await download(owner, { format: 'csv' }, otherTeamId);
    const row = file.text.slice(file.text.indexOf('\n') + 1);
    expect(row).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(row).toContain(`,ODOO_ERROR,"bad, ""quoted""\nsecond line"\n`);
  });

  it('exports JSON: the same records as the list, and a member gets only their own', async () => {
    const file = await download(owner, { format: 'json', tool: 'write' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^application\/json/);
    expect(file.headers.get('content-disposition')).toMatch(/filename="gantry-audit-.+\.json"$/);
    expect(JSON.parse(file.text)).toEqual(await listAll(owner, { tool: 'write' }));

    const mine = JSON.parse((await download(member, { format: 'json' })).text);
    expect(requestIds(mine)).toEqual(expected((record) => record.userId === member.userId));
    expect(JSON.parse((await download(owner, { format: 'json', tool: 'no-such-tool' })).text)).toEqual([]);
  });

  it(`stops an export at ${AUDIT_EXPORT_MAX_ROWS} rows and says so`, async () => {
    const bigTeam = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Busy team' } })).body.id as string;
    const start = Date.now() - 10 * 60 * 1000;
    for (let index = 0; index <= AUDIT_EXPORT_MAX_ROWS; index += 1) {
      audit.record(event(bigTeam, owner, { time: new Date(start + index), requestId: `big-${index}`, params: {}, result: null }));
      if (index % 5000 === 0) await audit.flush(); // a burst, but not one beyond the writer's queue bound
    }
    await audit.flush();
    expect(audit.counters().dropped).toBe(0);
    const file = await download(owner, { format: 'csv' }, bigTeam);
    expect(file.status).toBe(200);
    expect(file.headers.get('x-export-truncated')).toBe('true');
    const lines = file.text.trimEnd().split('\n');
    expect(lines).toHaveLength(AUDIT_EXPORT_MAX_ROWS + 1);
    expect(lines[1]!.startsWith(new Date(start + AUDIT_EXPORT_MAX_ROWS).toISOString())).toBe(true); // newest first; the oldest is the one left out
  }, 120_000);
});
