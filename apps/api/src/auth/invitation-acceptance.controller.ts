import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiGoneResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { MeResponse, SessionTokenResponse } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Authorize } from '../authorization/route-permission';
import { InvitationsService } from '../teams/invitations.service';
import { AcceptInvitationDto } from '../teams/teams.dto';
import { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { MeResponseDto, SessionTokenResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import { clientInfo } from './client-info';
import { LoginThrottleService } from './login-throttle.service';
import { setRefreshCookie } from './refresh-cookie';

/** Accepting an invitation joins the team and signs the person in, so it lives with the sign-in flows. */
@ApiTags('invitations')
@Controller('invitations')
export class InvitationAcceptanceController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** New accounts only: an existing account signs in first and joins (below). Counted like a sign-in attempt per IP. */
  @Public()
  @Post('accept')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokenResponseDto, description: 'Creates the account, joins the team and signs the new user in' })
  @ApiConflictResponse({ description: 'INVITATION_SIGN_IN_REQUIRED: the email already has an account; sign in, then join' })
  @ApiGoneResponse({ description: 'INVITATION_INVALID' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async accept(@Body() body: AcceptInvitationDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionTokenResponse> {
    const client = clientInfo(request);
    await this.throttle.countForIp(client.ip ?? 'unknown');
    const user = await this.invitations.acceptAsNewAccount(body);
    const signedIn = await this.auth.startSession(user, client);
    setRefreshCookie(response, this.config, signedIn.refreshToken);
    return signedIn.response;
  }

  /** The signed-in account (a dashboard session, no team) whose email was invited joins the team. */
  @Post(':token/join')
  @HttpCode(200)
  @Authorize('account.teams')
  @ApiOkResponse({ type: MeResponseDto, description: "The caller's memberships, the new team included" })
  @ApiForbiddenResponse({ description: 'INVITATION_FOR_ANOTHER_ACCOUNT: signed in as another email than the one invited' })
  @ApiConflictResponse({ description: 'ALREADY_MEMBER' })
  @ApiGoneResponse({ description: 'INVITATION_INVALID' })
  async join(@CurrentActor() actor: Actor, @Param('token') token: string): Promise<MeResponse> {
    await this.invitations.join(actor.user, token);
    return this.auth.me(actor);
  }
}
