import { AUDIT_REDACTED } from '@gantry/contracts';
import { isSecretKey, redactText } from '../audit/audit-redaction';
import { ActivityTarget } from './activity-context';

/** A database id is never a secret, even when its parameter's name sounds like one (`sessionId`, `credentialId`). */
const OBJECT_ID = /^[a-f0-9]{24}$/i;

/**
 * What a route acts on, from its pattern and parameters: the last parameter other than the team
 * and the segment naming it (`…/members/:userId` → members, the user id; `…/workspaces/:name/start`
 * → workspaces, the name). A team route without one acts on what it names after the team
 * (`…/odoo-connection/test` → odoo-connection) or on the team itself; other routes name no target
 * (services describe one). A value that looks secret (an invitation token) is redacted.
 */
export function routeTarget(routePath: string, params: Readonly<Record<string, unknown>>): ActivityTarget | null {
  const segments = routePath.split('/').filter(Boolean);
  for (let index = segments.length - 1; index >= 0; index -= 1) {
    const segment = segments[index]!;
    if (!segment.startsWith(':') || segment === ':teamId') continue;
    const name = segment.slice(1);
    const resource = index > 0 && !segments[index - 1]!.startsWith(':') ? segments[index - 1]! : name;
    return { resource, id: paramValue(name, params[name]), label: null };
  }
  const team = segments.indexOf(':teamId');
  if (team < 0) return null;
  const named = segments.slice(team + 1)[0];
  return named ? { resource: named, id: null, label: null } : { resource: 'teams', id: paramValue('teamId', params.teamId), label: null };
}

function paramValue(name: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (OBJECT_ID.test(value)) return value;
  return isSecretKey(name, value) ? AUDIT_REDACTED : redactText(value);
}
