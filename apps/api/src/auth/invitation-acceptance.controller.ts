import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiGoneResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SessionTokenResponse } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvitationsService } from '../teams/invitations.service';
import { AcceptInvitationDto } from '../teams/teams.dto';
import { Public } from './auth.decorators';
import { SessionTokenResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import { clientInfo } from './client-info';
import { setRefreshCookie } from './refresh-cookie';

/** Accepting an invitation joins the team and signs the person in, so it lives with the sign-in flows. */
@ApiTags('invitations')
@Controller('invitations')
export class InvitationAcceptanceController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('accept')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokenResponseDto, description: 'Joins the team and signs the user in' })
  @ApiGoneResponse({ description: 'INVITATION_INVALID' })
  async accept(@Body() body: AcceptInvitationDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionTokenResponse> {
    const user = await this.invitations.accept(body);
    const signedIn = await this.auth.startSession(user, clientInfo(request));
    setRefreshCookie(response, this.config, signedIn.refreshToken);
    return signedIn.response;
  }
}
