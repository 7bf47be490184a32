import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamsModule } from '../teams/teams.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { GIT_CREDENTIAL_ENCRYPTED_FIELDS, GitCredentialRecord, GitCredentialSchema, gitCredentialSecretContext } from './git-credential.schema';
import { GitCredentialValidator } from './git-credential-validator';
import { GitCredentialsController } from './git-credentials.controller';
import { GitCredentialsService } from './git-credentials.service';

@Module({
  imports: [TeamsModule, MongooseModule.forFeature([{ name: GitCredentialRecord.name, schema: GitCredentialSchema }])],
  controllers: [GitCredentialsController],
  providers: [GitCredentialsService, GitCredentialValidator],
  exports: [GitCredentialsService],
})
export class GitCredentialsModule implements OnModuleInit {
  constructor(private readonly rotation: VaultRotationService) {}

  onModuleInit(): void {
    this.rotation.register({
      collection: 'git_credentials',
      fields: GIT_CREDENTIAL_ENCRYPTED_FIELDS,
      context: (id) => gitCredentialSecretContext(String(id), 'token'),
    });
  }
}
