import { Module, OnModuleInit } from '@nestjs/common';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { OAuthAdminController } from './oauth-admin.controller';
import { OAuthAdminService } from './oauth-admin.service';
import { OAuthInteractionsController } from './oauth-interactions.controller';
import { OAuthInteractionsService } from './oauth-interactions.service';
import { OAuthProviderService } from './oauth-provider.service';
import { OAUTH_KEYS_ENCRYPTED } from './oauth-signing-key';
import { oauthEncryptedCollections } from './oauth-store';
import { OAuthTokenVerifier } from './oauth-token-verifier.service';

@Module({
  imports: [UsersModule, TeamsModule],
  controllers: [OAuthInteractionsController, OAuthAdminController],
  providers: [OAuthProviderService, OAuthInteractionsService, OAuthAdminService, OAuthTokenVerifier],
  exports: [OAuthProviderService, OAuthTokenVerifier, OAuthAdminService],
})
export class OAuthModule implements OnModuleInit {
  constructor(private readonly rotation: VaultRotationService) {}

  onModuleInit(): void {
    for (const collection of oauthEncryptedCollections()) this.rotation.register(collection);
    this.rotation.register(OAUTH_KEYS_ENCRYPTED);
  }
}
