import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/test-app';
import { ApprovalsWorld } from '../../test/approvals-world';

/**
 * An approved call runs at most once, and only while the member who asked may still run it: the
 * Odoo test double counts every unlink it receives, so "once" and "never" are observed, not assumed.
 */
describe('approved calls run exactly once, as the requester is now', () => {
  const world = new ApprovalsWorld();
  let assistant: Client;
  let reader: Client;

  beforeAll(async () => {
    await world.start();
    assistant = await world.connect((await world.key(world.admin, 'assistant')).secret);
    reader = await world.connect((await world.key(world.owner, 'reader', ['read', 'query'])).secret);
  });
  afterAll(() => world.stop());

  it('eight approvals of the same id in parallel, from two admins: one runs the call, the others get 409', async () => {
    const { approvalId, recordId } = await world.heldDelete(assistant, 'Raced partner');
    const unlinks = world.unlinks;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => world.decide(index % 2 ? world.owner : world.admin, approvalId, 'approve')));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.find((answer) => answer.status === 200)!.body.status).toBe('executed');
    for (const lost of answers.filter((answer) => answer.status === 409)) expect(lost.body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    expect(world.unlinks).toBe(unlinks + 1);
    expect(await world.exists(reader, recordId)).toBe(false);
    expect(await world.audit({ tool: 'delete_record', approvalId, status: { $ne: 'held' } })).toHaveLength(1);
  });

  it('an approval racing a denial: exactly one wins, and the record is deleted only if the approval won', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { approvalId, recordId } = await world.heldDelete(assistant, `Approve or deny ${round}`);
      const unlinks = world.unlinks;
      const [approve, deny] = await Promise.all([world.decide(world.owner, approvalId, 'approve'), world.decide(world.admin, approvalId, 'deny')]);

      expect([approve.status, deny.status].sort(), `round ${round}`).toEqual([200, 409]);
      const approvedWon = approve.status === 200;
      expect(world.unlinks, `round ${round}`).toBe(unlinks + (approvedWon ? 1 : 0));
      expect(await world.exists(reader, recordId), `round ${round}`).toBe(!approvedWon);
      const final = (await world.tool(assistant, 'get_approval', { id: approvalId })).structuredContent.approval.status;
      expect(final, `round ${round}`).toBe(approvedWon ? 'executed' : 'denied');
    }
  });

  it('a key revoked meanwhile: the approval ends failed with APPROVAL_REQUESTER_INVALID and nothing runs', async () => {
    const key = await world.key(world.admin, 'soon revoked');
    const { approvalId, recordId } = await world.heldDelete(await world.connect(key.secret), 'Orphaned partner');
    expect((await call(world.app, 'DELETE', `/api/teams/${world.teamId}/api-keys/${key.id}`, { token: world.admin.token })).status).toBe(204);
    const unlinks = world.unlinks;

    const approved = await world.decide(world.owner, approvalId, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'failed', result: null, error: { code: 'APPROVAL_REQUESTER_INVALID' } });
    expect(approved.body.error.message).toMatch(/revoked/);
    expect(world.unlinks).toBe(unlinks);
    expect(await world.exists(reader, recordId)).toBe(true);
    const [audited] = await world.audit({ tool: 'delete_record', approvalId, status: 'error' });
    expect(audited).toMatchObject({ error: { code: 'APPROVAL_REQUESTER_INVALID' }, credential: { id: key.id } });
    expect((await world.decide(world.owner, approvalId, 'approve')).body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
  });

  it('a requester demoted meanwhile: authorize() judges the run with their current role, and nothing runs', async () => {
    const demoted = await world.person('admin');
    const { approvalId, recordId } = await world.heldDelete(await world.connect((await world.key(demoted, 'demoted assistant')).secret), 'Kept partner');
    const changed = await call(world.app, 'PATCH', `/api/teams/${world.teamId}/members/${demoted.userId}`, {
      token: world.owner.token,
      body: { role: 'member' },
    });
    expect(changed.status).toBe(200);
    const unlinks = world.unlinks;

    const approved = await world.decide(world.admin, approvalId, 'approve');
    expect(approved.body).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });
    expect(world.unlinks).toBe(unlinks);
    expect(await world.exists(reader, recordId)).toBe(true);
  });

  it('a member removed meanwhile: their key went with the membership, so the call cannot run', async () => {
    const leaving = await world.person('admin');
    const { approvalId, recordId } = await world.heldDelete(await world.connect((await world.key(leaving, 'leaver')).secret), 'Left behind');
    expect((await call(world.app, 'DELETE', `/api/teams/${world.teamId}/members/${leaving.userId}`, { token: world.owner.token })).status).toBe(204);

    const approved = await world.decide(world.owner, approvalId, 'approve');
    expect(approved.body).toMatchObject({ status: 'failed', error: { code: 'APPROVAL_REQUESTER_INVALID' } });
    expect(await world.exists(reader, recordId)).toBe(true);
  });
});
