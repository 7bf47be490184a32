import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditEvent } from './audit-event';
import { AuditService } from './audit.service';

/** Reads a text/event-stream over real HTTP and collects its `record` events until told to stop. */
function openTail(app: TestApp, teamId: string, token: string, query = '') {
  const controller = new AbortController();
  const events: Array<{ id: string; tool: string; user: { id: string } }> = [];
  const opened = fetch(`${app.baseUrl}/api/teams/${teamId}/audit-logs/stream${query}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const done = opened.then(async (response) => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) return;
        buffer += value;
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = block.split('\n');
          if (!lines.includes('event: record')) continue;
          const data = lines.find((line) => line.startsWith('data: '))!.slice(6);
          events.push(JSON.parse(data));
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  });
  return { opened, events, stop: () => controller.abort(), done };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 8_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('audit log live tail (server-sent events)', () => {
  let app: TestApp;
  let audit: AuditService;
  let owner: SignedInUser;
  let member: SignedInUser;
  let teamId: string;

  const event = (userId: string, tool: string, requestId: string): AuditEvent => ({
    teamId,
    time: new Date(),
    tool,
    model: 'res.partner',
    status: 'success',
    durationMs: 5,
    user: { id: userId, name: null, email: null },
    credential: { type: 'api_key', id: 'key', label: null },
    mcpSessionId: null,
    requestId,
    params: { model: 'res.partner' },
    result: null,
    error: null,
  });

  beforeAll(async () => {
    app = await startTestApp();
    audit = app.nest.get(AuditService);
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    member = await addMember(app, owner, teamId, { email: 'tail-member@example.com', name: 'Tai', password: 'tail-password-1' }, 'member');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('streams new calls only, each once, filtered, and members see only their own', async () => {
    audit.record(event(owner.userId, 'count_records', 'before-open'));
    await audit.flush();

    const all = openTail(app, teamId, owner.token);
    const mine = openTail(app, teamId, member.token);
    const searches = openTail(app, teamId, owner.token, '?tool=search_records');
    const response = await all.opened;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await Promise.all([mine.opened, searches.opened]);

    audit.record(event(owner.userId, 'search_records', 'owner-1'));
    audit.record(event(member.userId, 'count_records', 'member-1'));
    await audit.flush();
    await until(() => all.events.length >= 2 && mine.events.length >= 1 && searches.events.length >= 1, 'the first records');
    audit.record(event(member.userId, 'search_records', 'member-2'));
    await audit.flush();
    await until(() => all.events.length >= 3 && mine.events.length >= 2, 'the second records');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // two more polls: nothing is sent twice

    for (const tail of [all, mine, searches]) tail.stop();
    expect(all.events.map((record) => record.tool).sort()).toEqual(['count_records', 'search_records', 'search_records']);
    expect(mine.events.every((record) => record.user.id === member.userId)).toBe(true);
    expect(mine.events).toHaveLength(2);
    expect(searches.events.map((record) => record.tool)).toEqual(['search_records', 'search_records']);
    expect(new Set(all.events.map((record) => record.id)).size).toBe(all.events.length);
  });

  it('refuses other teams and bad filters like the list does', async () => {
    const other = (await call(app, 'POST', '/api/teams', { token: member.token, body: { name: 'Elsewhere' } })).body.id;
    const foreign = await fetch(`${app.baseUrl}/api/teams/${other}/audit-logs/stream`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(foreign.status).toBe(404);
    await foreign.body?.cancel();
    const bad = await fetch(`${app.baseUrl}/api/teams/${teamId}/audit-logs/stream?status=maybe`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
    const anonymous = await fetch(`${app.baseUrl}/api/teams/${teamId}/audit-logs/stream`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
  });
});
