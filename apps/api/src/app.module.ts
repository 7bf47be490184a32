import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ActivityModule } from './activity/activity.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthorizationModule } from './authorization/authorization.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CredentialCacheModule } from './credential-cache/credential-cache.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { McpModule } from './mcp/mcp.module';
import { OAuthModule } from './oauth/oauth.module';
import { OdooConnectionsModule } from './odoo-connections/odoo-connections.module';
import { SetupModule } from './setup/setup.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';
import { VaultModule } from './vault/vault.module';
import { GitCredentialsModule } from './git-credentials/git-credentials.module';
import { WorkspacesModule } from './workspaces/workspaces.module';
import { EffectivePermissionsModule } from './effective-permissions/effective-permissions.module';
import { ConfigAsCodeModule } from './config-as-code/config-as-code.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CredentialCacheModule,
        VaultModule,
        UsersModule,
        TeamsModule,
        AuthModule,
        AuthorizationModule,
        ApiKeysModule,
        SetupModule,
        OdooConnectionsModule,
        AuditModule,
        ActivityModule,
        OAuthModule,
        McpModule,
        HealthModule,
        GitCredentialsModule,
        WorkspacesModule,
        EffectivePermissionsModule,
        ConfigAsCodeModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
