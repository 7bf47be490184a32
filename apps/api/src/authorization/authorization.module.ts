import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AppPassport } from '../auth/strategies/app-passport';
import { TeamsModule } from '../teams/teams.module';
import { AuthenticationGuard } from './authentication.guard';
import { AuthorizationGuard } from './authorization.guard';
import { Authorization } from './authorization.service';
import { RouteTable } from './route-table';

/**
 * The one decision point (authorize) and the two global guards in front of every REST route:
 * AuthenticationGuard (Passport: who is calling) then AuthorizationGuard (may they do this here).
 */
@Global()
@Module({
  imports: [DiscoveryModule, TeamsModule],
  providers: [
    AppPassport,
    Authorization,
    RouteTable,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  exports: [AppPassport, Authorization, RouteTable],
})
export class AuthorizationModule {}
