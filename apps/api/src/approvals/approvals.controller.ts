import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Approval, ApprovalPage } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { ApprovalDecisionDto, ApprovalDto, ApprovalListQueryDto, ApprovalPageDto } from './approvals.dto';
import { ApprovalsService } from './approvals.service';

const DECIDED_ONCE = 'APPROVAL_ALREADY_DECIDED: approved or denied already; APPROVAL_EXPIRED: nobody decided in time, nothing ran';

/** Destructive MCP calls the team's policy held: owners and admins decide, auditors read. */
@ApiTags('approvals')
@Controller('teams/:teamId/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @Authorize('approvals.read')
  @ApiOkResponse({ type: ApprovalPageDto, description: 'Newest first, without arguments; a pending approval past its window is listed as expired' })
  list(@CurrentActor() actor: TeamActor, @Query() query: ApprovalListQueryDto): Promise<ApprovalPage> {
    return this.approvals.list(actor, query);
  }

  @Get(':approvalId')
  @Authorize('approvals.read')
  @ApiOkResponse({ type: ApprovalDto, description: 'The held call with its arguments exactly as the assistant sent them, and its result once it ran' })
  get(@CurrentActor() actor: TeamActor, @Param('approvalId') approvalId: string): Promise<Approval> {
    return this.approvals.get(actor, approvalId);
  }

  /** Runs the held call once, as the member who asked, with their current role and credential; answers when it has run. */
  @Post(':approvalId/approve')
  @Authorize('approvals.decide')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalDto, description: '`executed` with the result, or `failed` with the error (e.g. APPROVAL_REQUESTER_INVALID: nothing ran)' })
  @ApiConflictResponse({ description: DECIDED_ONCE })
  approve(@CurrentActor() actor: TeamActor, @Param('approvalId') approvalId: string, @Body() body: ApprovalDecisionDto): Promise<Approval> {
    return this.approvals.approve(actor, approvalId, body.reason);
  }

  @Post(':approvalId/deny')
  @Authorize('approvals.decide')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalDto, description: '`denied`: the call never runs; the reason is shown to the assistant' })
  @ApiConflictResponse({ description: DECIDED_ONCE })
  deny(@CurrentActor() actor: TeamActor, @Param('approvalId') approvalId: string, @Body() body: ApprovalDecisionDto): Promise<Approval> {
    return this.approvals.deny(actor, approvalId, body.reason);
  }
}
