import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ActivityModule } from '../activity/activity.module';
import { ActivityWriter } from '../activity/activity-writer';
import { configChangesRecorder } from '../activity/config-changes-recorder';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { GitCredentialsModule } from '../git-credentials/git-credentials.module';
import { OAuthModule } from '../oauth/oauth.module';
import { OdooConnectionsModule } from '../odoo-connections/odoo-connections.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { ApiKeysPlan } from './api-keys-plan';
import { ConfigAsCodeService } from './config-as-code.service';
import { ConfigChanges } from './config-change-recorder';
import { ConfigManagedObjectRecord, ConfigManagedObjectSchema } from './config-managed-object.schema';
import { ConfigManagedObjects } from './config-managed-objects';
import { GitCredentialsPlan } from './git-credentials-plan';
import { OAuthClientsPlan } from './oauth-clients-plan';
import { OdooConnectionPlan } from './odoo-connection-plan';
import { TeamsPlan } from './teams-plan';
import { UsersPlan } from './users-plan';

/** gantry.toml: applied at start when GANTRY_CONFIG is set, and by `gantry config apply|diff`. */
@Module({
  imports: [
    ActivityModule,
    UsersModule,
    TeamsModule,
    ApiKeysModule,
    OdooConnectionsModule,
    OAuthModule,
    GitCredentialsModule,
    MongooseModule.forFeature([{ name: ConfigManagedObjectRecord.name, schema: ConfigManagedObjectSchema }]),
  ],
  providers: [
    ConfigAsCodeService,
    ConfigChanges,
    ConfigManagedObjects,
    UsersPlan,
    TeamsPlan,
    OdooConnectionPlan,
    ApiKeysPlan,
    OAuthClientsPlan,
    GitCredentialsPlan,
  ],
  exports: [ConfigAsCodeService, ConfigChanges],
})
export class ConfigAsCodeModule implements OnModuleInit {
  constructor(
    private readonly changes: ConfigChanges,
    private readonly writer: ActivityWriter,
  ) {}

  /** Changes applied from the file land in the admin trail as actor "config". */
  onModuleInit(): void {
    this.changes.useRecorder(configChangesRecorder(this.writer));
  }
}
