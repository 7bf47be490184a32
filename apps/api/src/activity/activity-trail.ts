import { Injectable } from '@nestjs/common';
import { ActivityOutcome, Permission } from '@gantry/contracts';
import { Actor, ActorRequest } from '../auth/actor';
import { clientInfo } from '../auth/client-info';
import { Decision } from '../authorization/authorize';
import { DomainError } from '../common/domain-error';
import { ActivityScope } from './activity-context';
import { ActivityEvent } from './activity-event';
import { ActivityWriter } from './activity-writer';
import { routeTarget } from './route-target';

/** Statuses that mean the caller was not allowed (rather than that the request failed). */
const DENIED_STATUSES = new Set([401, 403, 429]);
/** Lockouts remembered, so a client hammering a locked account adds one record per lockout, not one per attempt. */
const LOCKOUTS_REMEMBERED = 10_000;

/**
 * Turns what happened to one REST request into its one trail record: the route's outcome (from
 * ActivityInterceptor) or a refused authorization (from Authorization.onRefusal), with whatever the
 * services noted on the request's ActivityScope.
 */
@Injectable()
export class ActivityTrail {
  private readonly lockouts = new Map<string, number>();

  constructor(private readonly writer: ActivityWriter) {}

  /**
   * A mutation's outcome. A route with a permission records its authenticated actor; a public route
   * (sign-in, sign-out) records only when its service noted an action and whom it concerns.
   */
  routeOutcome(scope: ActivityScope, permission: Permission | null, result: { status: number } | { error: DomainError }): void {
    if (scope.recorded) return;
    const who = permission ? authenticated(scope, permission) : noted(scope);
    if (!who) return;
    const error = 'error' in result ? result.error : null;
    if (error?.code === 'RATE_LIMITED' && this.lockoutAlreadyRecorded(scope, error)) return;
    scope.recorded = true;
    this.writer.write({
      ...this.requestPart(scope),
      ...who,
      outcome: error ? outcomeOf(error.status) : 'success',
      status: error ? error.status : (result as { status: number }).status,
      error: error ? { code: error.code, message: error.message } : null,
    });
  }

  /**
   * A refused authorization, recorded as denied. It goes to the team the caller was acting in as a
   * member (or the team their key belongs to); a team they are not in is not told about them, so
   * that refusal is an account event of the caller's.
   */
  refusal(scope: ActivityScope, actor: Actor, decision: Extract<Decision, { outcome: 'deny' }>): void {
    if (scope.recorded) return;
    scope.recorded = true;
    this.writer.write({
      ...this.requestPart(scope),
      ...actorPart(actor),
      teamId: actor.team?.id ?? null,
      action: decision.permission,
      outcome: 'denied',
      status: decision.status,
      error: { code: decision.code, message: decision.message },
    });
  }

  /** What the request itself says: when, the route and its target, the client, and the services' notes. */
  private requestPart(scope: ActivityScope): Pick<ActivityEvent, 'time' | 'route' | 'target' | 'ip' | 'userAgent' | 'changes' | 'details'> {
    const { request, note } = scope;
    const routePath = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const fromRoute = routeTarget(routePath, request.params ?? {});
    const target = note.target || fromRoute ? { resource: 'unknown', id: null, label: null, ...fromRoute, ...note.target } : null;
    const client = clientInfo(request);
    return {
      time: new Date(),
      route: `${request.method} ${routePath}`,
      target,
      ip: client.ip,
      userAgent: client.userAgent,
      changes: note.changes ?? [],
      details: note.details ?? null,
    };
  }

  private lockoutAlreadyRecorded(scope: ActivityScope, error: DomainError): boolean {
    const key = `${clientInfo(scope.request).ip}|${scope.note.actor?.email ?? ''}`;
    const now = Date.now();
    if ((this.lockouts.get(key) ?? 0) > now) return true;
    if (this.lockouts.size >= LOCKOUTS_REMEMBERED) for (const [known, until] of this.lockouts) if (until <= now) this.lockouts.delete(known);
    if (this.lockouts.size < LOCKOUTS_REMEMBERED) this.lockouts.set(key, now + (error.extra.retryAfterSeconds ?? 1) * 1000);
    return false;
  }
}

type Who = Pick<ActivityEvent, 'actor' | 'credential' | 'teamId' | 'action'>;

/** A route that declares a permission: its authenticated caller, in the team the route (or the service's note) names. */
function authenticated(scope: ActivityScope, permission: Permission): Who | null {
  const actor = (scope.request as ActorRequest).actor;
  if (!actor) return null;
  return { ...actorPart(actor), teamId: scope.note.teamId ?? actor.team?.id ?? null, action: scope.note.permission ?? permission };
}

/** A public route: only what its service noted (a refresh or a preview notes nothing and is not recorded). */
function noted(scope: ActivityScope): Who | null {
  const { action, actor, credential, teamId } = scope.note;
  if (!action || !actor) return null;
  return {
    actor: { id: actor.id ?? null, name: actor.name ?? null, email: actor.email ?? null },
    credential: credential ? { ...credential, label: credential.label ?? null } : null,
    teamId: teamId ?? null,
    action,
  };
}

function actorPart(actor: Actor): Pick<ActivityEvent, 'actor' | 'credential'> {
  const { credential, user } = actor;
  return {
    actor: { id: user.id, name: user.name, email: user.email },
    credential: { type: credential.type, id: credential.id, label: credential.label },
  };
}

function outcomeOf(status: number): ActivityOutcome {
  return DENIED_STATUSES.has(status) ? 'denied' : 'error';
}
