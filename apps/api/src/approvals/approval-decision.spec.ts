import { mcpPolicySchema } from '@gantry/contracts';
import { describe, expect, it } from 'vitest';
import { AuthorizationSubject, authorize } from '../authorization/authorize';
import { OdooPolicy } from '../mcp/odoo-policy';

/** The approval step of the one decision point (authorize.ts), which the tool runner and ApprovalsService rely on. */
describe('authorize(): the approval step', () => {
  const team = { id: 'team-1' };
  const holding = new OdooPolicy(mcpPolicySchema.parse({ approvals: 'destructive' }));
  const key = (overrides: Partial<AuthorizationSubject['credential']> = {}): AuthorizationSubject['credential'] => ({
    type: 'api_key',
    scopes: ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema', 'workspaces'],
    teamId: team.id,
    tools: null,
    models: null,
    ...overrides,
  });
  const admin: AuthorizationSubject = { credential: key(), role: 'admin' };
  const deleteRecord = { name: 'delete_record', effect: 'delete', destructive: true } as const;

  it('holds a destructive tool when the policy says so, and allows it when running the approval that answers it', () => {
    expect(authorize(admin, 'odoo.records.delete', { team, policy: holding, tool: deleteRecord, model: 'res.partner' })).toMatchObject({ outcome: 'approval' });
    expect(
      authorize(admin, 'odoo.records.delete', { team, policy: holding, tool: deleteRecord, model: 'res.partner', approvedAs: { approvalId: 'a1' } }),
    ).toEqual({
      outcome: 'allow',
    });
    const off = new OdooPolicy(mcpPolicySchema.parse({}));
    expect(authorize(admin, 'odoo.records.delete', { team, policy: off, tool: deleteRecord, model: 'res.partner' })).toEqual({ outcome: 'allow' });
  });

  it('holds every destructive tool, delete_workspace too, and nothing else', () => {
    const deleteWorkspace = { name: 'delete_workspace', effect: 'write', destructive: true } as const;
    expect(authorize(admin, 'workspaces.use', { team, policy: holding, tool: deleteWorkspace })).toMatchObject({ outcome: 'approval' });
    const updateRecord = { name: 'update_record', effect: 'write', destructive: false } as const;
    expect(authorize(admin, 'odoo.records.write', { team, policy: holding, tool: updateRecord, model: 'res.partner' })).toEqual({ outcome: 'allow' });
  });

  it('a refusal wins over holding, and an approval lifts nothing but the approval step', () => {
    const approved = { approvedAs: { approvalId: 'a1' } };
    const readOnly = new OdooPolicy(mcpPolicySchema.parse({ approvals: 'destructive', readOnly: true }));
    for (const extra of [{}, approved]) {
      expect(authorize(admin, 'odoo.records.delete', { team, policy: readOnly, tool: deleteRecord, model: 'res.partner', ...extra })).toMatchObject({
        outcome: 'deny',
        code: 'READ_ONLY',
      });
      expect(authorize(admin, 'odoo.records.delete', { team, policy: holding, tool: deleteRecord, model: 'ir.rule', ...extra })).toMatchObject({
        code: 'MODEL_NOT_ALLOWED',
      });
      // Demoted since the call was held: a member may not delete records.
      expect(authorize({ credential: key(), role: 'member' }, 'odoo.records.delete', { team, policy: holding, tool: deleteRecord, ...extra })).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(
        authorize({ credential: key({ scopes: ['read'] }), role: 'admin' }, 'odoo.records.delete', { team, policy: holding, tool: deleteRecord, ...extra }),
      ).toMatchObject({
        code: 'INSUFFICIENT_SCOPE',
      });
      expect(authorize(admin, 'odoo.records.delete', { team: { id: 'team-2' }, policy: holding, tool: deleteRecord, ...extra })).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
  });

  it('get_approval is carried by every MCP scope, answers only where the team holds calls, and obeys a narrowing like any tool', () => {
    const getApproval = { name: 'get_approval', effect: 'read', destructive: false } as const;
    const queryOnly: AuthorizationSubject = { credential: key({ scopes: ['query'] }), role: 'member' };
    expect(authorize(queryOnly, 'approvals.check', { team, policy: holding, tool: getApproval })).toEqual({ outcome: 'allow' });
    const off = new OdooPolicy(mcpPolicySchema.parse({}));
    expect(authorize(queryOnly, 'approvals.check', { team, policy: off, tool: getApproval })).toMatchObject({ outcome: 'deny', code: 'TOOL_NOT_ALLOWED' });
    const narrowed: AuthorizationSubject = { credential: key({ tools: ['delete_record'] }), role: 'admin' };
    expect(authorize(narrowed, 'approvals.check', { team, policy: holding, tool: getApproval })).toMatchObject({ code: 'TOOL_NOT_ALLOWED' });
    expect(authorize({ credential: key(), role: 'auditor' }, 'approvals.check', { team, policy: holding, tool: getApproval })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
