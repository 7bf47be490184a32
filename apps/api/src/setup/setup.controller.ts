import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SessionTokenResponse, SetupStatus } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../auth/auth.decorators';
import { SessionTokenResponseDto, SetupDto, SetupStatusDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { clientInfo } from '../auth/client-info';
import { setRefreshCookie } from '../auth/refresh-cookie';
import { SetupService } from './setup.service';

@ApiTags('setup')
@Controller('setup')
export class SetupController {
  constructor(
    private readonly setupService: SetupService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: SetupStatusDto })
  async status(): Promise<SetupStatus> {
    return { needsSetup: await this.setupService.needsSetup() };
  }

  @Public()
  @Post()
  @ApiCreatedResponse({ type: SessionTokenResponseDto, description: 'Creates the first owner and team and signs them in' })
  @ApiConflictResponse({ description: 'SETUP_ALREADY_DONE' })
  async setup(@Body() body: SetupDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionTokenResponse> {
    const user = await this.setupService.setup(body);
    const signedIn = await this.auth.startSession(user, clientInfo(request));
    setRefreshCookie(response, this.config, signedIn.refreshToken);
    return signedIn.response;
  }
}
