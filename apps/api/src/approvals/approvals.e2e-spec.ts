import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/test-app';
import { RouteTable } from '../authorization/route-table';
import { isEncryptedString } from '../vault/encrypted-string';
import { ApprovalsWorld, MCP_SCOPES } from '../../test/approvals-world';
import { ApprovalsService } from './approvals.service';

/**
 * Approval as a decision, end to end: the SDK's Client calls a destructive tool, the team's policy
 * holds it, an owner or admin decides over REST, and the Odoo test double shows what ran.
 */
describe('approvals of held destructive calls', () => {
  const world = new ApprovalsWorld();
  /** The admin's assistant: a key with every MCP scope, and the admin scope (REST administration) too. */
  let adminKey: { id: string; secret: string };
  let assistant: Client;
  let reader: Client;

  beforeAll(async () => {
    await world.start();
    adminKey = await world.key(world.admin, 'assistant', [...MCP_SCOPES, 'admin']);
    assistant = await world.connect(adminKey.secret);
    reader = await world.connect((await world.key(world.owner, 'reader', ['read', 'query'])).secret);
  });
  afterAll(() => world.stop());

  it('holds delete_record: nothing runs, the answer carries the approval id, get_approval shows it pending', async () => {
    expect((await assistant.listTools()).tools.map((tool) => tool.name)).toContain('get_approval');
    const unlinks = world.unlinks;
    const { approvalId, recordId, answer } = await world.heldDelete(assistant, 'Held partner');

    // Not an error: nothing failed. The words say that nothing ran, and what to do instead of retrying.
    expect(answer.isError).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({
      code: 'APPROVAL_PENDING',
      executed: false,
      approval: { id: approvalId, tool: 'delete_record', status: 'pending' },
    });
    const expiresIn = Date.parse(answer.structuredContent.approval.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * 60_000); // APPROVAL_TTL_MINUTES defaults to 60
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    expect(answer.content[0]!.text).toContain('NOT run');
    expect(answer.content[0]!.text).toContain(`get_approval with {"id": "${approvalId}"}`);
    expect(world.unlinks).toBe(unlinks);
    expect(await world.exists(reader, recordId)).toBe(true);

    const checked = await world.tool(assistant, 'get_approval', { id: approvalId });
    expect(checked.isError).toBeFalsy();
    expect(checked.structuredContent.approval).toMatchObject({
      id: approvalId,
      status: 'pending',
      arguments: { model: 'res.partner', id: recordId },
      result: null,
    });

    const [held] = await world.audit({ tool: 'delete_record', approvalId });
    expect(held).toMatchObject({ status: 'held', error: null, result: { code: 'APPROVAL_PENDING' } });
    // The arguments are vault ciphertext at rest; approvers read them in full over REST.
    // (The model name stays readable, for lists and filters.)
    const stored = await world.app.db.collection('approvals').findOne({ _id: new ObjectId(approvalId) });
    expect(isEncryptedString(stored!.arguments)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(JSON.stringify({ model: 'res.partner', id: recordId }));
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(`"id":${recordId}\\b`));
    const listed = await call(world.app, 'GET', `/api/teams/${world.teamId}/approvals?status=pending`, { token: world.admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((item: { id: string }) => item.id === approvalId)).toMatchObject({
      tool: 'delete_record',
      model: 'res.partner',
      status: 'pending',
      requestedBy: { user: { id: world.admin.userId }, credential: { type: 'api_key', id: adminKey.id, label: 'assistant' } },
    });
    expect(listed.body.items[0]).not.toHaveProperty('arguments');
    const one = await call(world.app, 'GET', `/api/teams/${world.teamId}/approvals/${approvalId}`, { token: world.owner.token });
    expect(one.body).toMatchObject({ status: 'pending', arguments: { model: 'res.partner', id: recordId } });
  });

  it('an admin approves over REST: the record is deleted exactly once, get_approval shows the result, the run is audited with the approval id', async () => {
    const { approvalId, recordId } = await world.heldDelete(assistant, 'Approved partner');
    const unlinks = world.unlinks;

    const approved = await world.decide(world.owner, approvalId, 'approve', { reason: 'checked with accounting' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'executed', result: { model: 'res.partner', id: recordId, deleted: true }, error: null });
    expect(approved.body.decidedBy).toMatchObject({ id: world.owner.userId });
    expect(world.unlinks).toBe(unlinks + 1);
    expect(await world.exists(reader, recordId)).toBe(false);

    const checked = await world.tool(assistant, 'get_approval', { id: approvalId });
    expect(checked.structuredContent.approval).toMatchObject({ status: 'executed', reason: 'checked with accounting', result: { deleted: true }, error: null });
    expect(checked.structuredContent.next).toMatch(/ran once/);
    const runs = await world.audit({ tool: 'delete_record', approvalId, status: 'success' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ credential: { type: 'api_key', id: adminKey.id }, userId: expect.anything() });

    for (const decision of ['approve', 'deny'] as const) {
      const again = await world.decide(world.admin, approvalId, decision);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    }
    expect(world.unlinks).toBe(unlinks + 1);
  });

  it('deny: the call never runs, and the assistant sees the reason', async () => {
    const { approvalId, recordId } = await world.heldDelete(assistant, 'Denied partner');
    const denied = await world.decide(world.admin, approvalId, 'deny', { reason: 'archive it instead' });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ status: 'denied', reason: 'archive it instead', result: null });
    expect(await world.exists(reader, recordId)).toBe(true);
    const checked = await world.tool(assistant, 'get_approval', { id: approvalId });
    expect(checked.structuredContent.approval).toMatchObject({ status: 'denied', reason: 'archive it instead' });
    expect((await world.decide(world.owner, approvalId, 'approve')).body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    expect(await world.exists(reader, recordId)).toBe(true);
  });

  it('call_method is held too; approvals take precedence over elicitation, which is not asked', async () => {
    await world.setPolicy(world.teamId, { approvals: 'destructive', destructiveConfirmation: 'required' });
    try {
      let asked = 0;
      const capable = await world.connect(adminKey.secret, { elicitation: { form: {} } });
      capable.setRequestHandler(ElicitRequestSchema, async () => {
        asked += 1;
        return { action: 'accept', content: { confirm: true } };
      });
      const confirms = world.odoo.callCount('sale.order.action_confirm');
      const held = await world.tool(capable, 'call_method', { model: 'sale.order', method: 'action_confirm', args: [[1]] });
      expect(held.structuredContent).toMatchObject({ code: 'APPROVAL_PENDING', approval: { tool: 'call_method' } });
      // A client that cannot be asked is held as well, not refused with CONFIRMATION_UNAVAILABLE.
      const { answer } = await world.heldDelete(await world.connect(adminKey.secret), 'Held without elicitation');
      expect(answer.isError).toBeFalsy();
      expect(asked).toBe(0);
      expect(world.odoo.callCount('sale.order.action_confirm')).toBe(confirms);
    } finally {
      await world.setPolicy(world.teamId, { approvals: 'destructive' });
    }
  });

  it('members cannot decide nor list, nobody else sees a held call through get_approval, another team answers 404', async () => {
    const { approvalId, recordId } = await world.heldDelete(assistant, 'Guarded partner');
    const memberApprove = await world.decide(world.member, approvalId, 'approve');
    expect(memberApprove.status).toBe(403);
    expect(memberApprove.body.error.code).toBe('FORBIDDEN');
    expect((await call(world.app, 'GET', `/api/teams/${world.teamId}/approvals`, { token: world.member.token })).status).toBe(403);

    const memberClient = await world.connect((await world.key(world.member, 'member assistant', ['query', 'read'])).secret);
    const otherKeyOfSameAdmin = await world.connect((await world.key(world.admin, 'second assistant')).secret);
    for (const [who, client] of [
      ['a member', memberClient],
      ['another key of the same admin', otherKeyOfSameAdmin],
    ] as const) {
      const seen = await world.tool(client, 'get_approval', { id: approvalId });
      expect(seen.isError, who).toBe(true);
      expect(seen.structuredContent.error.code, who).toBe('NOT_FOUND');
    }

    // The assistant's own key carries the admin scope, yet cannot approve its own call.
    const selfApproved = await world.decide(adminKey.secret, approvalId, 'approve');
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.message).toMatch(/credential that asked/);

    const teamB = (await call(world.app, 'POST', '/api/teams', { token: world.owner.token, body: { name: 'Other team' } })).body.id as string;
    const elsewhere = await world.decide(world.owner, approvalId, 'approve', {}, teamB);
    expect(elsewhere.status).toBe(404);
    expect((await call(world.app, 'GET', `/api/teams/${teamB}/approvals/${approvalId}`, { token: world.owner.token })).status).toBe(404);
    expect((await world.decide(world.admin, approvalId, 'approve', {}, teamB)).status).toBe(404); // not a member of team B
    expect((await world.decide(world.owner, 'not-an-id', 'approve')).status).toBe(404);
    expect(await world.exists(reader, recordId)).toBe(true);
  });

  it('a team that holds no calls neither offers nor answers get_approval', async () => {
    const teamC = (await call(world.app, 'POST', '/api/teams', { token: world.owner.token, body: { name: 'No approvals' } })).body.id as string;
    await world.connectOdoo(teamC);
    const client = await world.connect((await world.key(world.owner, 'plain', MCP_SCOPES, teamC)).secret);
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('get_approval');
    const refused = await world.tool(client, 'get_approval', { id: '0'.repeat(24) });
    expect(refused.structuredContent.error.code).toBe('TOOL_NOT_ALLOWED');
    const id = await world.partner(client, 'Deleted at once');
    expect((await world.tool(client, 'delete_record', { model: 'res.partner', id })).structuredContent.deleted).toBe(true);
  });

  it('no REST route declares approvals.check: it is the get_approval tool’s alone', () => {
    const routes = world.app.nest.get(RouteTable).routes;
    expect(routes.filter((route) => route.permission === 'approvals.check')).toEqual([]);
    expect(routes.filter((route) => route.path.startsWith('/api/teams/:teamId/approvals')).map((route) => `${route.method} ${route.permission}`)).toEqual([
      'GET approvals.read',
      'GET approvals.read',
      'POST approvals.decide',
      'POST approvals.decide',
    ]);
  });

  it('expiry: an overdue approval expires unrun, deciding it answers 409, and old ones are purged', async () => {
    const { approvalId, recordId } = await world.heldDelete(assistant, 'Expiring partner');
    const service = world.app.nest.get(ApprovalsService);
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await service.expireOverdue(new Date())).toBe(0);
    expect(await service.expireOverdue(later)).toBeGreaterThanOrEqual(1);

    const approve = await world.decide(world.admin, approvalId, 'approve');
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe('APPROVAL_EXPIRED');
    expect((await world.decide(world.admin, approvalId, 'deny')).body.error.code).toBe('APPROVAL_EXPIRED');
    expect(await world.exists(reader, recordId)).toBe(true);
    expect((await world.tool(assistant, 'get_approval', { id: approvalId })).structuredContent.approval.status).toBe('expired');
    const expired = await call(world.app, 'GET', `/api/teams/${world.teamId}/approvals?status=expired`, { token: world.admin.token });
    expect(expired.body.items.map((item: { id: string }) => item.id)).toContain(approvalId);

    expect(await service.purgeOld(later)).toBe(0); // kept for 30 days after the window
    expect(await service.purgeOld(new Date(Date.now() + 32 * 24 * 60 * 60_000))).toBeGreaterThanOrEqual(1);
    expect((await world.tool(assistant, 'get_approval', { id: approvalId })).structuredContent.error.code).toBe('NOT_FOUND');
  });
});
