import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InvitationAcceptanceController } from './invitation-acceptance.controller';
import { LoginThrottleService } from './login-throttle.service';
import { SessionAuthGuard } from './session-auth.guard';
import { SessionRecord, SessionSchema } from './session.schema';
import { SessionsService } from './sessions.service';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

@Module({
  imports: [UsersModule, TeamsModule, ApiKeysModule, MongooseModule.forFeature([{ name: SessionRecord.name, schema: SessionSchema }])],
  controllers: [AuthController, InvitationAcceptanceController],
  providers: [AuthService, SessionsService, AccessTokenService, LoginThrottleService, { provide: APP_GUARD, useClass: SessionAuthGuard }],
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
