import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { AuditModule } from '../audit/audit.module';
import { OAuthModule } from '../oauth/oauth.module';
import { OdooConnectionsModule } from '../odoo-connections/odoo-connections.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { McpAuthenticator } from './mcp-authenticator.service';
import { McpConfirmations } from './mcp-confirmations.service';
import { McpController } from './mcp.controller';
import { McpRateLimiter } from './mcp-rate-limiter';
import { McpService } from './mcp.service';
import { McpToolRunner } from './mcp-tool-runner.service';
import { OdooGatewayService } from './odoo-gateway.service';
import { OAuthTokenStrategy } from './strategies/oauth-token.strategy';
import { WorkspaceTokenStrategy } from './strategies/workspace-token.strategy';

@Module({
  imports: [ApiKeysModule, ApprovalsModule, AuditModule, OAuthModule, OdooConnectionsModule, TeamsModule, UsersModule, WorkspacesModule],
  controllers: [McpController],
  providers: [
    McpService,
    McpAuthenticator,
    McpConfirmations,
    McpToolRunner,
    McpRateLimiter,
    OdooGatewayService,
    // The credential kinds only /mcp takes (API keys use the REST strategy of the auth module).
    OAuthTokenStrategy,
    WorkspaceTokenStrategy,
  ],
  exports: [McpService],
})
export class McpModule {}
