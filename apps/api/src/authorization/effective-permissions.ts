import { Effect, EffectivePermissions, ODOO_DATA_PERMISSIONS, ODOO_FLOOR, Permission, PERMISSION_NAMES, PERMISSIONS } from '@gantry/contracts';
import { authorize, AuthorizationSubject, Decision, TeamPolicyView } from './authorize';

/** A tool as the report needs it (the MCP tool registry is passed in, so that this stays free of the MCP module). */
export interface ToolFacts {
  name: string;
  permission: Permission;
  effect: Effect;
  destructive: boolean;
}

const reasonOf = (decision: Decision) => (decision.outcome === 'allow' ? null : decision.message);

/**
 * Every team permission and every tool, decided by authorize() for `rest` (the subject as it calls
 * the REST API) and `mcp` (as it calls /mcp), with the models it reaches: the same function that
 * decides every request, so the report cannot drift from what happens.
 */
export function reportPermissions(
  rest: AuthorizationSubject,
  mcp: AuthorizationSubject,
  team: { id: string },
  policy: TeamPolicyView,
  tools: readonly ToolFacts[],
): Omit<EffectivePermissions, 'subject'> {
  const restDecisions = PERMISSION_NAMES.filter((permission) => PERMISSIONS[permission].teamScoped && !ODOO_DATA_PERMISSIONS.includes(permission)).map(
    (permission) => {
      const decision = authorize(rest, permission, { team, policy });
      return { permission, description: PERMISSIONS[permission].description, outcome: decision.outcome, reason: reasonOf(decision) };
    },
  );
  const toolDecisions = tools.map((tool) => {
    const decision = authorize(mcp, tool.permission, { team, policy, tool: { name: tool.name, effect: tool.effect, destructive: tool.destructive } });
    return { name: tool.name, permission: tool.permission, outcome: decision.outcome, reason: reasonOf(decision) };
  });
  const teamAllowed = policy.policy.allowedModels.length > 0 ? policy.policy.allowedModels : null;
  const narrowed = mcp.credential.models;
  const allowed = narrowed === null ? teamAllowed : teamAllowed === null ? [...narrowed] : narrowed.filter((model) => teamAllowed.includes(model));
  return {
    rest: restDecisions,
    tools: toolDecisions,
    models: {
      readOnly: policy.policy.readOnly,
      allowed: allowed?.filter((model) => !(ODOO_FLOOR.models as readonly string[]).includes(model) && policy.modelAllowed(model)) ?? null,
      denied: [...new Set([...ODOO_FLOOR.models, ...policy.policy.deniedModels])].sort(),
      readOnlyModels: [...ODOO_FLOOR.writeModels].sort(),
    },
  };
}
