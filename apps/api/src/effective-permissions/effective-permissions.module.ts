import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { OAuthModule } from '../oauth/oauth.module';
import { TeamsModule } from '../teams/teams.module';
import { EffectivePermissionsController } from './effective-permissions.controller';
import { EffectivePermissionsService } from './effective-permissions.service';

/** "What can this do?" for members, API keys and connected apps, computed by the one decision point. */
@Module({
  imports: [TeamsModule, ApiKeysModule, OAuthModule],
  controllers: [EffectivePermissionsController],
  providers: [EffectivePermissionsService],
})
export class EffectivePermissionsModule {}
