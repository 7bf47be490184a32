import { Injectable } from '@nestjs/common';
import { Permission } from '@gantry/contracts';
import { Actor, TeamActor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { authorize, AuthorizationTarget, Decision } from './authorize';

/** Something told of every refusal (the admin audit trail records them). */
export type RefusalListener = (actor: Actor, decision: Extract<Decision, { outcome: 'deny' }>, where: string) => void;

/**
 * authorize() for Nest: the REST guard, the services that shape what a caller sees (e.g. only
 * one's own keys without apiKeys.manage) and the MCP tool runner all decide through here.
 */
@Injectable()
export class Authorization {
  private readonly listeners: RefusalListener[] = [];

  decide(actor: Actor, permission: Permission, target: Partial<AuthorizationTarget> = {}): Decision {
    return authorize({ credential: actor.credential, role: actor.role ?? null }, permission, { team: actor.team ?? null, ...target });
  }

  /** Whether the actor holds the permission in its current team (no refusal is recorded: nothing was refused). */
  allows(actor: TeamActor | Actor, permission: Permission): boolean {
    return this.decide(actor, permission).outcome === 'allow';
  }

  /** Throws the refusal as a DomainError (and tells the listeners); `where` names the route or tool. */
  assert(actor: Actor, permission: Permission, where: string, target: Partial<AuthorizationTarget> = {}): void {
    const decision = this.decide(actor, permission, target);
    if (decision.outcome === 'allow') return;
    if (decision.outcome === 'approval') throw new DomainError('FORBIDDEN', decision.message);
    this.refused(actor, decision, where);
    throw new DomainError(decision.code, decision.message);
  }

  refused(actor: Actor, decision: Extract<Decision, { outcome: 'deny' }>, where: string): void {
    for (const listener of this.listeners) listener(actor, decision, where);
  }

  onRefusal(listener: RefusalListener): void {
    this.listeners.push(listener);
  }
}
