import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { MeResponse, Session, SessionTokenResponse } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Actor } from './actor';
import { bearerToken } from './strategies/bearer-token';
import { Authorize } from '../authorization/route-permission';
import { CurrentActor, Public } from './auth.decorators';
import { LoginDto, MeResponseDto, SessionDto, SessionTokenResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import { clientInfo } from './client-info';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokenResponseDto, description: 'Access token in the body, refresh token as an httpOnly cookie' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionTokenResponse> {
    const signedIn = await this.auth.login(body, clientInfo(request));
    setRefreshCookie(response, this.config, signedIn.refreshToken);
    return signedIn.response;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokenResponseDto, description: 'Rotates the refresh cookie; reusing an old one ends the sign-in' })
  @ApiUnauthorizedResponse({ description: 'REFRESH_TOKEN_INVALID or REFRESH_TOKEN_REUSED' })
  async refresh(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionTokenResponse> {
    try {
      const signedIn = await this.auth.refresh(readRefreshCookie(request), clientInfo(request));
      setRefreshCookie(response, this.config, signedIn.refreshToken);
      return signedIn.response;
    } catch (error) {
      clearRefreshCookie(response, this.config);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ends the sign-in (refresh cookie and access token)' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(request), bearerToken(request));
    clearRefreshCookie(response, this.config);
  }

  @Get('me')
  @Authorize('account.read')
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.auth.me(actor);
  }

  @Get('sessions')
  @Authorize('account.sessions')
  @ApiOkResponse({ type: [SessionDto] })
  listSessions(@CurrentActor() actor: Actor): Promise<Session[]> {
    return this.sessions.listForUser(actor.user.id, actor.credential.id);
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  @Authorize('account.sessions')
  async revokeSession(@CurrentActor() actor: Actor, @Param('sessionId') sessionId: string): Promise<void> {
    await this.sessions.revokeForUser(actor.user.id, sessionId);
  }
}
