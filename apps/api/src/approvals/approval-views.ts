import { Approval, ApprovalCheckResult, ApprovalStatus, ApprovalSummary, GET_APPROVAL_TOOL } from '@gantry/contracts';
import { Vault } from '../vault/vault';
import { approvalSecretContext, ApprovalDocument } from './approval.schema';

/** A pending approval whose window has passed is expired, whether or not the expiry job has marked it yet. */
export function statusAt(approval: Pick<ApprovalDocument, 'status' | 'expiresAt'>, now: Date): ApprovalStatus {
  return approval.status === 'pending' && approval.expiresAt <= now ? 'expired' : approval.status;
}

export function toApprovalSummary(approval: ApprovalDocument, now: Date): ApprovalSummary {
  const { requester } = approval;
  return {
    id: approval._id.toHexString(),
    teamId: approval.teamId.toHexString(),
    tool: approval.tool,
    model: approval.model ?? null,
    status: statusAt(approval, now),
    requestedBy: {
      user: { id: requester.userId.toHexString(), name: requester.name ?? null, email: requester.email ?? null },
      credential: { type: requester.credential.type, id: requester.credential.id, label: requester.credential.label ?? null },
      workspace: requester.workspace ?? null,
      mcpSessionId: requester.mcpSessionId ?? null,
      requestId: requester.requestId ?? null,
    },
    createdAt: approval.createdAt.toISOString(),
    expiresAt: approval.expiresAt.toISOString(),
    decidedAt: approval.decidedAt?.toISOString() ?? null,
    decidedBy: approval.decidedBy ? { id: approval.decidedBy.userId, name: approval.decidedBy.name, email: approval.decidedBy.email } : null,
    reason: approval.reason ?? null,
    finishedAt: approval.finishedAt?.toISOString() ?? null,
    error: approval.error ? { code: approval.error.code, message: approval.error.message } : null,
  };
}

/** In full, for approvers: the arguments and the result are decrypted here and nowhere else. */
export function toApproval(approval: ApprovalDocument, now: Date, vault: Vault): Approval {
  return {
    ...toApprovalSummary(approval, now),
    arguments: JSON.parse(vault.decrypt(approval.arguments, approvalSecretContext(approval._id, 'arguments'))) as Record<string, unknown>,
    result: approval.result ? (JSON.parse(vault.decrypt(approval.result, approvalSecretContext(approval._id, 'result'))) as unknown) : null,
    resultTruncated: approval.resultTruncated ?? false,
  };
}

const NEXT: Record<ApprovalStatus, (tool: string) => string> = {
  pending: (tool) =>
    `Waiting for an owner or admin of the team to decide; ${tool} has not run. Do not call ${tool} again for this; check back later with ${GET_APPROVAL_TOOL}.`,
  approved: (tool) => `Approved; ${tool} is running now (once). Check back in a moment with ${GET_APPROVAL_TOOL} for its result.`,
  executed: (tool) => `Approved, and ${tool} ran once: its result is in "result". Nothing more will run for this approval.`,
  failed: (tool) => `Approved, but ${tool} failed or could not run: see "error". It will not be retried; make a new call only if the user still wants it.`,
  denied: (tool) => `An owner or admin denied this call; ${tool} did not run. Do not retry it unless the user asks (see "reason").`,
  expired: (tool) => `Nobody decided in time; ${tool} did not run. Make a new call only if the user still wants it.`,
};

/** What the requester's assistant sees through get_approval: no approver names, no other member's data. */
export function toApprovalCheck(approval: ApprovalDocument, now: Date, vault: Vault): ApprovalCheckResult {
  const full = toApproval(approval, now, vault);
  return {
    approval: {
      id: full.id,
      tool: full.tool,
      arguments: full.arguments,
      status: full.status,
      createdAt: full.createdAt,
      expiresAt: full.expiresAt,
      decidedAt: full.decidedAt,
      reason: full.reason,
      finishedAt: full.finishedAt,
      result: full.result,
      resultTruncated: full.resultTruncated,
      error: full.error,
    },
    next: NEXT[full.status](full.tool),
  };
}
