import { ACTIVITY_EXPORT_CSV_COLUMNS, activityRecordSchema, ActivityOutcome } from '@gantry/contracts';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushTrail, teamTrail } from '../../test/activity-trail';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { ActivityEvent } from './activity-event';
import { ActivityWriter } from './activity-writer';

const ACTIONS = ['members.manage', 'apiKeys.create', 'team.settings.write', 'odoo.connection.write'];
const DAY_MS = 24 * 60 * 60 * 1000;

interface Seeded {
  label: string;
  time: number;
  actorId: string;
  action: string;
  outcome: ActivityOutcome;
}

/** Reading a team's trail over real HTTP: filters, cursor pages, who sees what, exports, retention. */
describe('admin trail queries', () => {
  let app: TestApp;
  let writer: ActivityWriter;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let auditor: SignedInUser;
  let teamId: string;
  let otherTeamId: string;
  /** The team's records in the order the API returns them: newest first. */
  let seeded: Seeded[];

  const event = (team: string, user: SignedInUser, overrides: Partial<ActivityEvent>): ActivityEvent => ({
    teamId: team,
    time: new Date(),
    action: 'members.manage',
    route: 'PATCH /api/teams/:teamId/members/:userId',
    target: { resource: 'members', id: user.userId, label: 'someone' },
    actor: { id: user.userId, name: 'Someone', email: user.email },
    credential: { type: 'session', id: 'session-id', label: null },
    ip: '198.51.100.1',
    userAgent: 'agent',
    outcome: 'success',
    status: 200,
    error: null,
    changes: [{ field: 'role', old: 'member', new: 'admin', masked: false }],
    details: null,
    ...overrides,
  });

  const list = (user: SignedInUser, query: Record<string, string | number> = {}, team = teamId) =>
    call(
      app,
      'GET',
      `/api/teams/${team}/activity?${new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]))}`,
      {
        token: user.token,
      },
    );
  const download = async (user: SignedInUser, query: Record<string, string>, team = teamId) => {
    const response = await fetch(`${app.baseUrl}/api/teams/${team}/activity/export?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const labels = (records: Array<{ target: { label: string | null } | null }>) => records.map((record) => record.target?.label);
  const expected = (keep: (record: Seeded) => boolean) => seeded.filter(keep).map((record) => record.label);

  beforeAll(async () => {
    app = await startTestApp();
    writer = app.nest.get(ActivityWriter);
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    admin = await addMember(app, owner, teamId, { email: 'admin@example.com', name: 'Ada', password: 'admin-password-1' }, 'admin');
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Max', password: 'member-password-1' }, 'member');
    auditor = await addMember(app, owner, teamId, { email: 'auditor@example.com', name: 'Aude', password: 'auditor-password-1' }, 'auditor');
    otherTeamId = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other team' } })).body.id;
    // Retention is the team's audit retention: 7 days here (the purge test below relies on it).
    expect((await call(app, 'PATCH', `/api/teams/${teamId}`, { token: owner.token, body: { settings: { auditRetentionDays: 7 } } })).status).toBe(200);
    await flushTrail(app);
    await app.db.collection('activity_logs').deleteMany({ teamId: { $ne: null } });

    // 60 records over 20 seconds, three a second, so that equal times must be ordered by id.
    const base = Date.now() - 60 * 60 * 1000;
    const users = [owner, admin, member, auditor];
    const made: Seeded[] = [];
    for (let index = 0; index < 60; index += 1) {
      const outcome: ActivityOutcome = index % 7 === 0 ? 'error' : index % 5 === 0 ? 'denied' : 'success';
      const record: Seeded = {
        label: `r-${index}`,
        time: base + Math.floor(index / 3) * 1000,
        actorId: users[index % 4]!.userId,
        action: ACTIONS[index % ACTIONS.length]!,
        outcome,
      };
      made.push(record);
      writer.write(
        event(teamId, users[index % 4]!, {
          time: new Date(record.time),
          action: record.action,
          outcome,
          target: { resource: 'members', id: null, label: record.label },
          error: outcome === 'success' ? null : { code: outcome === 'error' ? 'VALIDATION_FAILED' : 'FORBIDDEN', message: `refused ${index}` },
        }),
      );
      await flushTrail(app); // one at a time: ids grow with the order of writing, as they would in use
    }
    writer.write(
      event(otherTeamId, owner, {
        target: { resource: 'members', id: null, label: '=HYPERLINK("http://evil")' },
        outcome: 'error',
        error: { code: 'X', message: 'bad, "quoted"' },
      }),
    );
    await flushTrail(app);
    seeded = made.reverse();
  });
  afterAll(() => app.close());

  it('lists the newest first, 50 by default, in the shared contract shape', async () => {
    const page = await list(owner);
    expect(page.status).toBe(200);
    expect(labels(page.body.items)).toEqual(expected(() => true).slice(0, 50));
    expect(page.body.nextCursor).toEqual(expect.any(String));
    for (const item of page.body.items) expect(activityRecordSchema.safeParse(item).success).toBe(true);
  });

  it('pages with an opaque cursor: no duplicates, no gaps', async () => {
    const collected: Array<string | null | undefined> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(owner, { limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      collected.push(...labels(page.body.items));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(60 / 7));
    expect(collected).toEqual(expected(() => true));
  });

  it('filters by actor, action, outcome and time, alone and combined', async () => {
    expect(labels(await teamTrail(app, owner, teamId, { actor: member.userId }))).toEqual(expected((record) => record.actorId === member.userId));
    expect(labels(await teamTrail(app, owner, teamId, { action: 'apiKeys.create' }))).toEqual(expected((record) => record.action === 'apiKeys.create'));
    expect(labels(await teamTrail(app, owner, teamId, { outcome: 'denied' }))).toEqual(expected((record) => record.outcome === 'denied'));
    const from = seeded[45]!.time;
    const to = seeded[15]!.time;
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    expect(labels(await teamTrail(app, owner, teamId, range))).toEqual(expected((record) => record.time >= from && record.time <= to));
    expect(labels(await teamTrail(app, owner, teamId, { to: range.from }))).toEqual(expected((record) => record.time <= from));

    const combined = { actor: admin.userId, action: 'apiKeys.create', outcome: 'success', ...range };
    const matching = expected(
      (record) =>
        record.actorId === admin.userId && record.action === 'apiKeys.create' && record.outcome === 'success' && record.time >= from && record.time <= to,
    );
    expect(matching.length).toBeGreaterThan(0);
    expect(labels(await teamTrail(app, owner, teamId, combined))).toEqual(matching);
  });

  it('answers 400 with field paths for bad query parameters', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ action: 'members.dance' }, 'action'],
      [{ outcome: 'maybe' }, 'outcome'],
      [{ actor: 'bob' }, 'actor'],
      [{ from: 'yesterday' }, 'from'],
      [{ limit: '0' }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ userId: member.userId }, 'userId'],
    ];
    for (const [query, path] of cases) {
      const response = await list(owner, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.fields.map((field: { path: string }) => field.path)).toContain(path);
    }
    expect((await download(owner, { format: 'xml' })).status).toBe(400);
  });

  it('shows members only their own actions; owners, admins and auditors the team’s; another team answers 404', async () => {
    const own = await teamTrail(app, member, teamId);
    expect(labels(own)).toEqual(expected((record) => record.actorId === member.userId));
    expect(await teamTrail(app, member, teamId, { actor: owner.userId })).toEqual([]);
    for (const reader of [owner, admin, auditor]) expect(labels(await teamTrail(app, reader, teamId))).toEqual(expected(() => true));
    expect(JSON.parse((await download(member, { format: 'json' })).text).map((record: any) => record.actor.id)).toEqual(
      expected((record) => record.actorId === member.userId).map(() => member.userId),
    );
    for (const outsider of [admin, member, auditor]) {
      expect((await list(outsider, {}, otherTeamId)).status).toBe(404);
      expect((await download(outsider, { format: 'csv' }, otherTeamId)).status).toBe(404);
    }
  });

  it('exports CSV with the filters applied, as an attachment, formulas defused', async () => {
    const file = await download(owner, { format: 'csv', outcome: 'error' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="gantry-activity-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(file.headers.get('x-export-truncated')).toBe('false');
    const lines = file.text.trimEnd().split('\n');
    expect(lines[0]).toBe(ACTIVITY_EXPORT_CSV_COLUMNS.join(','));
    const errors = seeded.filter((record) => record.outcome === 'error');
    expect(lines).toHaveLength(errors.length + 1);
    const newest = errors[0]!;
    const actor = [owner, admin, member, auditor].find((user) => user.userId === newest.actorId)!;
    expect(lines[1]).toBe(
      [
        new Date(newest.time).toISOString(),
        newest.action,
        'error',
        200,
        actor.userId,
        actor.email,
        'session',
        'session-id',
        'members',
        '',
        newest.label,
        '198.51.100.1',
        'agent',
        'VALIDATION_FAILED',
        `refused ${newest.label.slice(2)}`,
        '"[{""field"":""role"",""old"":""member"",""new"":""admin"",""masked"":false}]"',
        '',
      ].join(','),
    );
    const other = await download(owner, { format: 'csv' }, otherTeamId);
    expect(other.text).toContain(`,"'=HYPERLINK(""http://evil"")",`);
  });

  it('exports JSON: the same records as the list', async () => {
    const file = await download(owner, { format: 'json', action: 'odoo.connection.write' });
    expect(file.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(file.text)).toEqual(await teamTrail(app, owner, teamId, { action: 'odoo.connection.write' }));
  });

  it('purges records past the team’s retention, and account events past theirs', async () => {
    await call(app, 'POST', '/api/auth/login', { body: { email: OWNER.email, password: 'a-wrong-password' } });
    await flushTrail(app);
    const logs = app.db.collection('activity_logs');
    const [teamRecord] = await logs
      .find({ teamId: { $ne: null } })
      .limit(1)
      .toArray();
    expect(teamRecord!.expiresAt.getTime() - teamRecord!.time.getTime()).toBe(7 * DAY_MS);
    const [accountRecord] = await logs.find({ teamId: null }).sort({ time: -1 }).limit(1).toArray();
    expect(accountRecord!.expiresAt.getTime() - accountRecord!.time.getTime()).toBe(90 * DAY_MS);

    const accountEvents = await logs.countDocuments({ teamId: null });
    expect(await writer.purgeExpired(new Date(Date.now() - DAY_MS))).toBe(0);
    // The team's 60 go after 7 days; the other team keeps the default 90, as do account events.
    expect(await writer.purgeExpired(new Date(Date.now() + 8 * DAY_MS))).toBe(60);
    expect(await logs.countDocuments({ teamId: new ObjectId(teamId) })).toBe(0);
    expect(await logs.countDocuments({ teamId: new ObjectId(otherTeamId) })).toBe(1);
    expect(await logs.countDocuments({ teamId: null })).toBe(accountEvents);
    expect(await writer.purgeExpired(new Date(Date.now() + 91 * DAY_MS))).toBe(accountEvents + 1);
  });
});
