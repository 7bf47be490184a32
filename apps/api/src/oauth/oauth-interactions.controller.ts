import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OAuthInteraction, OAuthRedirect } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { OAuthConsentDto, OAuthInteractionDto, OAuthRedirectDto } from './oauth.dto';
import { OAuthInteractionsService } from './oauth-interactions.service';

/**
 * The authorization server sends the browser here (the interaction URL); the consent page of the
 * dashboard then drives the rest with the signed-in user's session. The interaction cookie is
 * scoped to this path, so these endpoints see it and other pages do not.
 */
@ApiTags('oauth')
@Controller('oauth/interaction/:uid')
export class OAuthInteractionsController {
  constructor(private readonly interactions: OAuthInteractionsService) {}

  @Public()
  @Get()
  @ApiResponse({ status: 303, description: "Redirects to the dashboard's consent page for this authorization" })
  start(@Param('uid') uid: string, @Res() response: Response): void {
    response.redirect(303, `/authorize/${encodeURIComponent(uid)}`);
  }

  @Get('details')
  @Authorize('account.connectApps')
  @ApiOkResponse({ type: OAuthInteractionDto, description: 'Who asks, where the answer goes, and which teams and scopes the signed-in user can grant' })
  details(
    @Param('uid') uid: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OAuthInteraction> {
    return this.interactions.details(uid, actor.user, request, response);
  }

  @Post('consent')
  @Authorize('account.connectApps')
  @HttpCode(200)
  @ApiOkResponse({ type: OAuthRedirectDto, description: 'Grant recorded; send the browser to redirectTo' })
  consent(
    @Param('uid') uid: string,
    @CurrentActor() actor: Actor,
    @Body() body: OAuthConsentDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OAuthRedirect> {
    return this.interactions.consent(uid, actor.user, body, request, response);
  }

  @Post('deny')
  @Authorize('account.connectApps')
  @HttpCode(200)
  @ApiOkResponse({ type: OAuthRedirectDto, description: 'The client gets access_denied at its redirect URI' })
  deny(@Param('uid') uid: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<OAuthRedirect> {
    return this.interactions.deny(uid, request, response);
  }
}
