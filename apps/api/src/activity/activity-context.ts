import { AsyncLocalStorage } from 'node:async_hooks';
import { AccountActivityAction, ActivityChange, AuditCredentialType, Permission } from '@gantry/contracts';
import type { Request } from 'express';

export interface ActivityTarget {
  /** The kind of thing acted on, as the route names it: `members`, `api-keys`, `odoo-connection`… */
  resource: string;
  id: string | null;
  /** Something a person recognises: a member's email, a key's name. */
  label: string | null;
}

/**
 * What a service knows about the change it is making, beyond what the route says: which fields
 * changed (old → new), a label for the target, details. Added to the request's one record.
 */
export interface ActivityNote {
  /**
   * The permission the request exercised when the service required a stronger one than the route
   * declares (removing another member needs members.manage, the route members.leave): the action.
   */
  permission?: Permission;
  /** The team the change belongs to when the route names none (a team just created, or joined by invitation). */
  teamId?: string;
  target?: Partial<ActivityTarget>;
  changes?: ActivityChange[];
  details?: Record<string, unknown>;
  /** Public sign-in routes declare no permission: they say what happened here, and to whom. */
  action?: AccountActivityAction;
  actor?: { id?: string; email?: string; name?: string };
  credential?: { type: AuditCredentialType; id: string; label?: string | null };
}

/** One REST request's part of the admin trail: what services noted, and whether its record is taken. */
export interface ActivityScope {
  readonly request: Request;
  readonly note: ActivityNote;
  /** One record per request: set by whichever records first (a refusal, or the route's outcome). */
  recorded: boolean;
}

const scopes = new AsyncLocalStorage<ActivityScope>();

/** Runs the rest of a REST request inside its activity scope (ActivityScopeMiddleware). */
export function runActivityScope<T>(request: Request, next: () => T): T {
  return scopes.run({ request, note: {}, recorded: false }, next);
}

/** The scope of the REST request being served; undefined elsewhere (MCP calls, timers, start-up). */
export function currentActivityScope(): ActivityScope | undefined {
  return scopes.getStore();
}

/**
 * Adds to the record of the REST request being served. Outside one (the MCP gateway, jobs) it does
 * nothing, so services call it unconditionally. Changes accumulate; other fields are overwritten.
 */
export function describeActivity(note: ActivityNote): void {
  const scope = scopes.getStore();
  if (!scope) return;
  const { target, changes, details, actor, ...rest } = note;
  const current = scope.note;
  Object.assign(current, rest);
  if (target) current.target = { ...current.target, ...target };
  if (changes) current.changes = [...(current.changes ?? []), ...changes];
  if (details) current.details = { ...current.details, ...details };
  if (actor) current.actor = { ...current.actor, ...actor };
}
