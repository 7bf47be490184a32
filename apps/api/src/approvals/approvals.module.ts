import { Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { OAuthModule } from '../oauth/oauth.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ApprovalRequesters } from './approval-requesters';
import { APPROVAL_ENCRYPTED_FIELDS, ApprovalEncryptedField, ApprovalRecord, ApprovalSchema, approvalSecretContext } from './approval.schema';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';

/** Reads treat overdue approvals as expired at once; this only writes it down, and purges old records (TTL indexes do not fire everywhere). */
const HOUSEKEEPING_INTERVAL_MS = 60 * 1000;

@Module({
  imports: [
    ApiKeysModule,
    OAuthModule,
    TeamsModule,
    UsersModule,
    WorkspacesModule,
    MongooseModule.forFeature([{ name: ApprovalRecord.name, schema: ApprovalSchema }]),
  ],
  controllers: [ApprovalsController],
  providers: [ApprovalsService, ApprovalRequesters],
  exports: [ApprovalsService],
})
export class ApprovalsModule implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly approvals: ApprovalsService,
    private readonly rotation: VaultRotationService,
  ) {}

  onModuleInit(): void {
    this.rotation.register({
      collection: 'approvals',
      fields: APPROVAL_ENCRYPTED_FIELDS,
      context: (id, field) => approvalSecretContext(String(id), field as ApprovalEncryptedField),
    });
    const housekeeping = async () => {
      try {
        await this.approvals.expireOverdue();
        await this.approvals.purgeOld();
      } catch (error) {
        new Logger('Approvals').warn(`Expiring or purging approvals failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.timer = setInterval(() => void housekeeping(), HOUSEKEEPING_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
