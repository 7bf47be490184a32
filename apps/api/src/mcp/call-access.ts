import { AuthorizationSubject, modelRefusal } from '../authorization/authorize';
import { OdooPolicy } from './odoo-policy';

/**
 * What one authorized tool call may see, handed to the tool: the team policy's field rules (which
 * fields are hidden, which filters would leak a hidden field) and which models are visible to this
 * caller at all (the floor, the credential's model list, the team's model lists), as authorize() judges them.
 */
export class CallAccess {
  constructor(
    private readonly subject: AuthorizationSubject,
    readonly policy: OdooPolicy,
  ) {}

  modelVisible(model: string): boolean {
    return modelRefusal(this.subject, model, 'read', this.policy) === null;
  }
}
