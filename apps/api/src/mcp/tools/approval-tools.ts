import { GET_APPROVAL_TOOL } from '@gantry/contracts';
import { z } from 'zod';
import { ToolFailure } from '../tool-failure';
import { defineTool } from './tool-definition';

/** What became of a call the team's policy held: asked for by the assistant that made it, instead of retrying the call. */
export const getApproval = defineTool({
  name: GET_APPROVAL_TOOL,
  title: 'Check a call held for approval',
  description:
    'Check on a call that this team held for approval (a destructive tool answered with code APPROVAL_PENDING and an approval id): ' +
    'whether an owner or admin approved or denied it, and once it ran, its result or error. An approved call runs once by itself; ' +
    'do not repeat the original call. Only the credential that made the call can see it.',
  permission: 'approvals.check',
  effect: 'read',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  input: {
    id: z
      .string()
      .regex(/^[a-f0-9]{24}$/, 'an approval id as the held call answered it')
      .describe('The approval id from the held call’s answer (structuredContent.approval.id)'),
  },
  async run(context, args) {
    const found = context.approvals ? await context.approvals.checkAsRequester(context.caller, args.id) : null;
    if (!found) throw new ToolFailure('NOT_FOUND', `No approval ${args.id} was asked for with this credential (or it is too old and was removed).`);
    return found;
  },
});
