import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  Workspace,
  WorkspaceExecResult,
  WorkspaceList,
  WorkspaceLogs,
  WorkspaceMcpToken,
  WorkspacePullResult,
  WorkspaceTemplate,
  workspaceNameSchema,
} from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { notFound } from '../common/domain-error';
import {
  WorkspaceCreateDto,
  WorkspaceDto,
  WorkspaceExecDto,
  WorkspaceExecResultDto,
  WorkspaceListDto,
  WorkspaceLogsDto,
  WorkspaceCreateQueryDto,
  WorkspaceLogsQueryDto,
  WorkspaceMcpTokenDto,
  WorkspaceModulesDto,
  WorkspacePullResultDto,
  WorkspaceRecreateDto,
  WorkspaceShellDto,
  WorkspaceTemplateCreateDto,
  WorkspaceTemplateDto,
  WorkspaceTemplateRenameDto,
} from './workspaces.dto';
import { WorkspaceEngine } from './workspace-engine';
import { WorkspaceTemplatesService } from './workspace-templates.service';
import { toWorkspaceCaller, WorkspacesService } from './workspaces.service';

/** A name that cannot be a workspace is a workspace that does not exist. */
function workspaceName(name: string): string {
  if (!workspaceNameSchema.safeParse(name).success) throw notFound('Workspace');
  return name;
}

@ApiTags('workspaces')
@ApiServiceUnavailableResponse({ description: 'WORKSPACES_UNAVAILABLE: no container engine answers (the rest of Gantry keeps working)' })
@Controller('teams/:teamId/workspaces')
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly engine: WorkspaceEngine,
  ) {}

  @Get()
  @Authorize('workspaces.read')
  @ApiOkResponse({
    type: WorkspaceListDto,
    description: "The team's workspaces, and containers with its labels that no record claims (orphans: listed, never deleted)",
  })
  list(@CurrentActor() actor: TeamActor): Promise<WorkspaceList> {
    return this.workspaces.list(toWorkspaceCaller(actor));
  }

  @Get('-/engine')
  @Authorize('workspaces.read')
  @ApiOkResponse({ description: 'Whether workspaces can be used now' })
  async engineStatus(): Promise<{ available: boolean }> {
    return { available: await this.engine.available() };
  }

  @Post()
  @Authorize('workspaces.use')
  @ApiCreatedResponse({ type: WorkspaceDto, description: 'Created and running' })
  @ApiAcceptedResponse({
    type: WorkspaceDto,
    description: 'With ?wait=N: not done after N seconds; status "creating", and the creation goes on (follow it with GET …/workspaces/{name})',
  })
  async create(
    @CurrentActor() actor: TeamActor,
    @Body() body: WorkspaceCreateDto,
    @Query() query: WorkspaceCreateQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Workspace> {
    if (query.wait === undefined) return this.workspaces.create(toWorkspaceCaller(actor), body);
    const { workspace, done } = await this.workspaces.createWithin(toWorkspaceCaller(actor), body, query.wait * 1000);
    if (!done) response.status(202);
    return workspace;
  }

  @Get(':name')
  @Authorize('workspaces.read')
  @ApiOkResponse({ type: WorkspaceDto })
  info(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<Workspace> {
    return this.workspaces.info(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Delete(':name')
  @Authorize('workspaces.use')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Container, volumes, database and role removed' })
  async remove(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<void> {
    await this.workspaces.delete(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Post(':name/start')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceDto })
  start(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<Workspace> {
    return this.workspaces.start(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Post(':name/stop')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceDto })
  stop(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<Workspace> {
    return this.workspaces.stop(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Post(':name/restart')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceDto })
  restart(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<Workspace> {
    return this.workspaces.restart(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Post(':name/recreate')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceDto, description: 'A new container (optionally another image); database, filestore and sources are kept' })
  recreate(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceRecreateDto): Promise<Workspace> {
    return this.workspaces.recreate(toWorkspaceCaller(actor), workspaceName(name), { image: body?.image });
  }

  @Get(':name/logs')
  @Authorize('workspaces.read')
  @ApiOkResponse({ type: WorkspaceLogsDto })
  logs(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Query() query: WorkspaceLogsQueryDto): Promise<WorkspaceLogs> {
    return this.workspaces.logs(toWorkspaceCaller(actor), workspaceName(name), query);
  }

  @Post(':name/exec')
  @Authorize('workspaces.exec')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceExecResultDto })
  exec(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceExecDto): Promise<WorkspaceExecResult> {
    return this.workspaces.exec(toWorkspaceCaller(actor), workspaceName(name), body);
  }

  @Post(':name/shell')
  @Authorize('workspaces.exec')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceExecResultDto, description: 'A Python snippet run by odoo shell against the workspace database' })
  shell(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceShellDto): Promise<WorkspaceExecResult> {
    return this.workspaces.shell(toWorkspaceCaller(actor), workspaceName(name), body);
  }

  @Post(':name/install')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceExecResultDto })
  install(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceModulesDto): Promise<WorkspaceExecResult> {
    return this.workspaces.install(toWorkspaceCaller(actor), workspaceName(name), body.modules);
  }

  @Post(':name/upgrade')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceExecResultDto })
  upgrade(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceModulesDto): Promise<WorkspaceExecResult> {
    return this.workspaces.upgrade(toWorkspaceCaller(actor), workspaceName(name), body.modules);
  }

  @Post(':name/test')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceExecResultDto })
  test(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceModulesDto): Promise<WorkspaceExecResult> {
    return this.workspaces.test(toWorkspaceCaller(actor), workspaceName(name), body.modules);
  }

  @Post(':name/pull')
  @Authorize('workspaces.use')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspacePullResultDto, description: 'Fetch the branch and apply: install > upgrade > restart > nothing' })
  pull(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<WorkspacePullResult> {
    return this.workspaces.pullAndApply(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Post(':name/mcp-token')
  @Authorize('workspaces.manage')
  @ApiCreatedResponse({ type: WorkspaceMcpTokenDto, description: 'Shown once; stored as a SHA-256 hash. Replaces any previous token.' })
  issueToken(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<WorkspaceMcpToken> {
    return this.workspaces.issueMcpToken(toWorkspaceCaller(actor), workspaceName(name));
  }

  @Delete(':name/mcp-token')
  @Authorize('workspaces.manage')
  @HttpCode(204)
  async revokeToken(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<void> {
    await this.workspaces.revokeMcpToken(toWorkspaceCaller(actor), workspaceName(name));
  }
}

@ApiTags('workspaces')
@Controller('teams/:teamId/workspace-templates')
export class WorkspaceTemplatesController {
  constructor(private readonly templates: WorkspaceTemplatesService) {}

  @Get()
  @Authorize('workspaces.read')
  @ApiOkResponse({ type: [WorkspaceTemplateDto] })
  list(@CurrentActor() actor: TeamActor): Promise<WorkspaceTemplate[]> {
    return this.templates.list(toWorkspaceCaller(actor));
  }

  @Post()
  @Authorize('workspaces.manage')
  @ApiCreatedResponse({ type: WorkspaceTemplateDto })
  save(@CurrentActor() actor: TeamActor, @Body() body: WorkspaceTemplateCreateDto): Promise<WorkspaceTemplate> {
    return this.templates.save(toWorkspaceCaller(actor), body);
  }

  @Patch(':name')
  @Authorize('workspaces.manage')
  @ApiOkResponse({ type: WorkspaceTemplateDto })
  rename(@CurrentActor() actor: TeamActor, @Param('name') name: string, @Body() body: WorkspaceTemplateRenameDto): Promise<WorkspaceTemplate> {
    return this.templates.rename(toWorkspaceCaller(actor), workspaceName(name), body.name);
  }

  @Delete(':name')
  @Authorize('workspaces.manage')
  @HttpCode(204)
  async remove(@CurrentActor() actor: TeamActor, @Param('name') name: string): Promise<void> {
    await this.templates.delete(toWorkspaceCaller(actor), workspaceName(name));
  }
}
