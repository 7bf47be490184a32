import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Approval, ApprovalCheckResult, ApprovalPage, ApprovalStatus, approvalListQuerySchema, HeldCallResult } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { z } from 'zod';
import { TeamActor } from '../auth/actor';
import { boundedText } from '../audit/audit-redaction';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { McpCaller } from '../mcp/mcp-caller';
import { Vault } from '../vault/vault';
import { ApprovalDocument, ApprovalRecord, approvalSecretContext } from './approval.schema';
import { ApprovalRequesters } from './approval-requesters';
import { statusAt, toApproval, toApprovalCheck, toApprovalSummary } from './approval-views';
import { ApprovalOutcome, ApprovedCall, ApprovedCallExecutor } from './approved-call';

/** An executed call's result is kept up to this many characters of JSON; beyond, its beginning is kept as text. */
export const APPROVAL_RESULT_MAX_CHARS = 64 * 1024;
const ERROR_MESSAGE_MAX_CHARS = 2000;
const ID_MAX_CHARS = 200;
/** Decided and expired approvals stay readable (get_approval, the dashboard) this long after their window ends. */
const KEPT_AFTER_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

type ListQuery = z.output<typeof approvalListQuerySchema>;

/**
 * Owns the `approvals` collection. A held call is recorded here by the tool runner; an owner or
 * admin approves or denies it over REST. Approving claims it (pending and unexpired → approved) in
 * one conditional update, so of any number of concurrent approvals and denials exactly one wins,
 * and only the winner runs the call: at most once, even across replicas. If the process dies
 * between the claim and the outcome, the approval stays `approved` without a result — it is never
 * run again (a destructive call must not run twice).
 */
@Injectable()
export class ApprovalsService {
  private readonly logger = new Logger('Approvals');
  private readonly ttlMs: number;
  private executor: ApprovedCallExecutor | null = null;

  constructor(
    @InjectModel(ApprovalRecord.name) private readonly approvals: Model<ApprovalRecord>,
    private readonly vault: Vault,
    private readonly requesters: ApprovalRequesters,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.APPROVAL_TTL_MINUTES * 60_000;
  }

  /** Called once by the MCP module, which runs approved calls (see ApprovedCallExecutor). */
  useExecutor(executor: ApprovedCallExecutor): void {
    this.executor = executor;
  }

  /** Records a call authorize() answered with 'approval'; nothing runs until someone approves it. */
  async hold(
    caller: McpCaller,
    tool: string,
    args: Record<string, unknown>,
    meta: { mcpSessionId: string | null; requestId: string | null },
    now = new Date(),
  ): Promise<HeldCallResult['approval']> {
    const _id = new Types.ObjectId();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.approvals.create({
      _id,
      teamId: new Types.ObjectId(caller.team.id),
      tool,
      model: typeof args.model === 'string' ? args.model.slice(0, 100) : null,
      arguments: this.vault.encrypt(JSON.stringify(args), approvalSecretContext(_id, 'arguments')),
      requester: {
        userId: new Types.ObjectId(caller.user.id),
        name: caller.user.name,
        email: caller.user.email,
        role: caller.role,
        credential: { type: caller.credential.type, id: caller.credential.id, label: caller.credential.label, scopes: [...(caller.credential.scopes ?? [])] },
        workspace: caller.workspace ? { id: caller.workspace.id, name: caller.workspace.name } : null,
        mcpSessionId: meta.mcpSessionId?.slice(0, ID_MAX_CHARS) ?? null,
        requestId: meta.requestId?.slice(0, ID_MAX_CHARS) ?? null,
      },
      status: 'pending',
      createdAt: now,
      expiresAt,
      purgeAt: new Date(expiresAt.getTime() + KEPT_AFTER_EXPIRY_MS),
    });
    return { id: _id.toHexString(), tool, status: 'pending', expiresAt: expiresAt.toISOString() };
  }

  /** The team's approvals, newest first, without their arguments. */
  async list(actor: TeamActor, query: ListQuery, now = new Date()): Promise<ApprovalPage> {
    const filter: Record<string, unknown> = { teamId: new Types.ObjectId(actor.team.id), ...statusFilter(query.status, now) };
    if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
    const found = await this.approvals
      .find(filter, { arguments: 0, result: 0 })
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .lean<ApprovalDocument[]>()
      .exec();
    const items = found.slice(0, query.limit);
    return {
      items: items.map((approval) => toApprovalSummary(approval, now)),
      nextCursor: found.length > query.limit ? items[items.length - 1]!._id.toHexString() : null,
    };
  }

  async get(actor: TeamActor, id: string, now = new Date()): Promise<Approval> {
    return toApproval(await this.find(actor, id), now, this.vault);
  }

  /** For get_approval: only the credential and user that asked see an approval; to anyone else it does not exist. */
  async checkAsRequester(caller: McpCaller, id: string, now = new Date()): Promise<ApprovalCheckResult | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    const approval = await this.approvals
      .findOne({
        _id,
        teamId: new Types.ObjectId(caller.team.id),
        'requester.userId': new Types.ObjectId(caller.user.id),
        'requester.credential.type': caller.credential.type,
        'requester.credential.id': caller.credential.id,
      })
      .lean<ApprovalDocument>()
      .exec();
    return approval ? toApprovalCheck(approval, now, this.vault) : null;
  }

  /** Claims the approval, then runs the held call once as its requester and stores how it ended. */
  async approve(actor: TeamActor, id: string, reason: string | undefined, now = new Date()): Promise<Approval> {
    const executor = this.executor;
    if (!executor) throw new Error('No executor for approved calls is registered (the MCP module provides it)');
    const claimed = await this.decide(actor, id, 'approved', reason, now);
    const outcome = await this.run(claimed, executor);
    const finished = await this.approvals
      .findOneAndUpdate({ _id: claimed._id, status: 'approved' }, { $set: this.outcomeFields(claimed._id, outcome) }, { returnDocument: 'after' })
      .lean<ApprovalDocument>()
      .exec();
    return toApproval(finished ?? claimed, new Date(), this.vault);
  }

  async deny(actor: TeamActor, id: string, reason: string | undefined, now = new Date()): Promise<Approval> {
    return toApproval(await this.decide(actor, id, 'denied', reason, now), now, this.vault);
  }

  /** Marks pending approvals past their window as expired (reads already treat them so); returns how many. */
  async expireOverdue(now = new Date()): Promise<number> {
    const result = await this.approvals.updateMany({ status: 'pending', expiresAt: { $lte: now } }, { $set: { status: 'expired' } }).exec();
    return result.modifiedCount;
  }

  /** Deletes approvals kept past their time; the TTL index does this too where the server honours it. */
  async purgeOld(now = new Date()): Promise<number> {
    const result = await this.approvals.deleteMany({ purgeAt: { $lte: now } }).exec();
    return result.deletedCount;
  }

  private async find(actor: TeamActor, id: string): Promise<ApprovalDocument> {
    const _id = parseObjectId(id);
    const approval = _id
      ? await this.approvals
          .findOne({ _id, teamId: new Types.ObjectId(actor.team.id) })
          .lean<ApprovalDocument>()
          .exec()
      : null;
    if (!approval) throw notFound('Approval');
    return approval;
  }

  /** pending (and unexpired) → approved | denied, in one conditional update: one decision wins, the others get 409. */
  private async decide(actor: TeamActor, id: string, status: 'approved' | 'denied', reason: string | undefined, now: Date): Promise<ApprovalDocument> {
    const approval = await this.find(actor, id);
    // An assistant holding a key with the admin scope must not approve its own call with that key.
    const asked = approval.requester.credential;
    if (asked.type === actor.credential.type && asked.id === actor.credential.id) {
      throw forbidden('A call cannot be approved or denied with the credential that asked for it; decide from the dashboard or with another credential');
    }
    const decided = await this.approvals
      .findOneAndUpdate(
        { _id: approval._id, teamId: approval.teamId, status: 'pending', expiresAt: { $gt: now } },
        {
          $set: {
            status,
            decidedAt: now,
            decidedBy: { userId: actor.user.id, name: actor.user.name, email: actor.user.email },
            reason: reason ? reason : null,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<ApprovalDocument>()
      .exec();
    if (decided) return decided;
    const current = (await this.approvals.findOne({ _id: approval._id }, { status: 1, expiresAt: 1 }).lean<ApprovalDocument>().exec()) ?? approval;
    const currentStatus = statusAt(current, now);
    if (currentStatus === 'expired') {
      if (current.status === 'pending') await this.approvals.updateOne({ _id: approval._id, status: 'pending' }, { $set: { status: 'expired' } }).exec();
      throw new DomainError(
        'APPROVAL_EXPIRED',
        `Nobody decided before ${current.expiresAt.toISOString()}, so the call expired unrun; the assistant may ask again`,
      );
    }
    throw new DomainError(
      'APPROVAL_ALREADY_DECIDED',
      `This approval was already decided (${currentStatus}); a held call is decided once and runs at most once`,
    );
  }

  /** Never throws: whatever happens becomes the approval's outcome (the claim is never undone, so nothing runs twice). */
  private async run(approval: ApprovalDocument, executor: ApprovedCallExecutor): Promise<ApprovalOutcome> {
    const approvalId = approval._id.toHexString();
    try {
      const args = JSON.parse(this.vault.decrypt(approval.arguments, approvalSecretContext(approval._id, 'arguments'))) as Record<string, unknown>;
      const who = await this.requesters.current(approval);
      const { requester } = approval;
      const call: ApprovedCall = {
        approvalId,
        tool: approval.tool,
        arguments: args,
        meta: { mcpSessionId: requester.mcpSessionId ?? null, requestId: requester.requestId ?? null },
        requester:
          'caller' in who
            ? who
            : {
                refused: who.refused,
                asRecorded: {
                  team: { id: approval.teamId.toHexString() },
                  user: { id: requester.userId.toHexString(), name: requester.name, email: requester.email },
                  credential: {
                    type: requester.credential.type,
                    id: requester.credential.id,
                    label: requester.credential.label,
                    scopes: null,
                    teamId: approval.teamId.toHexString(),
                    tools: null,
                    models: null,
                  },
                },
              },
      };
      return await executor.run(call);
    } catch (error) {
      this.logger.error(`approved call ${approvalId} (${approval.tool}) failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return { error: { code: 'INTERNAL', message: 'The approved call could not be completed; it will not be run again' } };
    }
  }

  private outcomeFields(id: Types.ObjectId, outcome: ApprovalOutcome): Partial<ApprovalRecord> {
    const finishedAt = new Date();
    if ('error' in outcome) {
      const error = { code: outcome.error.code.slice(0, ID_MAX_CHARS), message: boundedText(outcome.error.message, ERROR_MESSAGE_MAX_CHARS) };
      return { status: 'failed', finishedAt, result: null, resultTruncated: false, error };
    }
    const json = JSON.stringify(outcome.result);
    const truncated = json.length > APPROVAL_RESULT_MAX_CHARS;
    // Too large: the beginning of its JSON, as a string (valid JSON to store, marked resultTruncated).
    const stored = truncated ? JSON.stringify(json.slice(0, APPROVAL_RESULT_MAX_CHARS)) : json;
    return { status: 'executed', finishedAt, result: this.vault.encrypt(stored, approvalSecretContext(id, 'result')), resultTruncated: truncated, error: null };
  }
}

/** `pending` and `expired` as readers see them: a pending approval past its window counts as expired. */
function statusFilter(status: ApprovalStatus | undefined, now: Date): Record<string, unknown> {
  if (status === 'pending') return { status: 'pending', expiresAt: { $gt: now } };
  if (status === 'expired') return { $or: [{ status: 'expired' }, { status: 'pending', expiresAt: { $lte: now } }] };
  return status ? { status } : {};
}
