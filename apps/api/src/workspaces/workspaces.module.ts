import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit.module';
import { GitCredentialsModule } from '../git-credentials/git-credentials.module';
import { TeamsModule } from '../teams/teams.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { WorkspaceDatabaseServer } from './workspace-database';
import { WorkspaceEngine } from './workspace-engine';
import { WorkspaceFailureRecord, WorkspaceFailureSchema } from './workspace-failure.schema';
import { WorkspaceLocks } from './workspace-locks';
import { WorkspacePortBlockRecord, WorkspacePortBlockSchema } from './workspace-port-block.schema';
import { WorkspaceReconciler } from './workspace-reconciler';
import { WorkspaceRouting } from './workspace-routing';
import { WorkspaceSource } from './workspace-source';
import { WorkspaceTeamLockRecord, WorkspaceTeamLockSchema } from './workspace-team-lock.schema';
import { WorkspaceTemplateRecord, WorkspaceTemplateSchema } from './workspace-template.schema';
import { WorkspaceTemplatesService } from './workspace-templates.service';
import { WORKSPACE_ENCRYPTED_FIELDS, WorkspaceEncryptedField, WorkspaceRecord, WorkspaceSchema, workspaceSecretContext } from './workspace.schema';
import { WorkspacesController, WorkspaceTemplatesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [
    TeamsModule,
    AuditModule,
    GitCredentialsModule,
    MongooseModule.forFeature([
      { name: WorkspaceRecord.name, schema: WorkspaceSchema },
      { name: WorkspaceTemplateRecord.name, schema: WorkspaceTemplateSchema },
      { name: WorkspacePortBlockRecord.name, schema: WorkspacePortBlockSchema },
      { name: WorkspaceTeamLockRecord.name, schema: WorkspaceTeamLockSchema },
      { name: WorkspaceFailureRecord.name, schema: WorkspaceFailureSchema },
    ]),
  ],
  controllers: [WorkspacesController, WorkspaceTemplatesController],
  providers: [
    WorkspaceEngine,
    WorkspaceDatabaseServer,
    WorkspaceLocks,
    WorkspaceRouting,
    WorkspaceSource,
    WorkspacesService,
    WorkspaceTemplatesService,
    WorkspaceReconciler,
  ],
  exports: [WorkspacesService, WorkspaceTemplatesService],
})
export class WorkspacesModule implements OnModuleInit {
  constructor(private readonly rotation: VaultRotationService) {}

  onModuleInit(): void {
    this.rotation.register({
      collection: 'workspaces',
      fields: WORKSPACE_ENCRYPTED_FIELDS,
      context: (id, field) => workspaceSecretContext(String(id), field as WorkspaceEncryptedField),
    });
  }
}
