import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InvitationAcceptanceController } from './invitation-acceptance.controller';
import { LoginThrottleService } from './login-throttle.service';
import { SessionRecord, SessionSchema } from './session.schema';
import { SessionsService } from './sessions.service';
import { ApiKeyBasicStrategy } from './strategies/api-key-basic.strategy';
import { ApiKeyBearerStrategy } from './strategies/api-key-bearer.strategy';
import { SessionTokenStrategy } from './strategies/session-token.strategy';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

@Module({
  imports: [PassportModule, UsersModule, TeamsModule, ApiKeysModule, MongooseModule.forFeature([{ name: SessionRecord.name, schema: SessionSchema }])],
  controllers: [AuthController, InvitationAcceptanceController],
  providers: [
    AuthService,
    SessionsService,
    AccessTokenService,
    LoginThrottleService,
    // One Passport strategy per credential kind of the REST API; /mcp uses the API key strategy too.
    SessionTokenStrategy,
    ApiKeyBearerStrategy,
    ApiKeyBasicStrategy,
  ],
  exports: [AuthService],
})
export class AuthModule implements OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly sessions: SessionsService) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.sessions.purgeExpired().catch(() => undefined), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
