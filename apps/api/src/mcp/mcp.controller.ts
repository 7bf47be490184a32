import { All, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { OAuthProviderService } from '../oauth/oauth-provider.service';
import { McpService } from './mcp.service';

@ApiTags('mcp')
@Controller()
export class McpController {
  constructor(
    private readonly mcp: McpService,
    private readonly oauth: OAuthProviderService,
  ) {}

  /** MCP Streamable HTTP, stateless: every JSON-RPC message arrives by POST and is answered with JSON. */
  @Public()
  @Post('mcp')
  @ApiExcludeEndpoint()
  async post(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.mcp.handle(request, response);
  }

  /** One workspace's own MCP endpoint: its token, its tools, nothing else of the team. */
  @Public()
  @Post('mcp/workspaces/:workspaceId')
  @ApiExcludeEndpoint()
  async postWorkspace(@Param('workspaceId') workspaceId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.mcp.handle(request, response, { workspaceId });
  }

  /** No server-initiated stream and no sessions to delete in stateless mode. */
  @Public()
  @All(['mcp', 'mcp/workspaces/:workspaceId'])
  @ApiExcludeEndpoint()
  notAllowed(@Res() response: Response): void {
    response.setHeader('Allow', 'POST');
    response.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP server is stateless; use POST' }, id: null });
  }

  /** RFC 9728 protected resource metadata, where the 401 challenge points. */
  @Public()
  @Get(['.well-known/oauth-protected-resource/mcp', '.well-known/oauth-protected-resource'])
  @HttpCode(200)
  metadata(): Record<string, unknown> {
    return {
      resource: this.oauth.mcpResource,
      authorization_servers: [this.oauth.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: this.mcp.scopesSupported,
      resource_name: 'Gantry MCP gateway',
    };
  }
}
