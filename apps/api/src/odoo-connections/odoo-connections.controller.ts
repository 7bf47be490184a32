import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OdooConnection, odooConnectionInputSchema, OdooConnectionTestResult } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { DomainError } from '../common/domain-error';
import { zodIssuesToFields } from '../common/http-exception.filter';
import { OdooConnectionDto, OdooConnectionInputDto, OdooConnectionTestResultDto, OdooConnectionUpdateDto } from './odoo-connections.dto';
import { OdooConnectionsService } from './odoo-connections.service';

@ApiTags('odoo-connection')
@Controller('teams/:teamId/odoo-connection')
export class OdooConnectionsController {
  constructor(private readonly connections: OdooConnectionsService) {}

  @Get()
  @Authorize('odoo.connection.read')
  @ApiOkResponse({
    type: OdooConnectionDto,
    description: 'Members see name, host and status; editors also see URL, database and login. The secret is never returned.',
  })
  get(@CurrentActor() actor: TeamActor): Promise<OdooConnection> {
    return this.connections.get(actor);
  }

  @Put()
  @Authorize('odoo.connection.write')
  @ApiOkResponse({ type: OdooConnectionDto })
  put(@CurrentActor() actor: TeamActor, @Body() body: OdooConnectionInputDto): Promise<OdooConnection> {
    return this.connections.put(actor, body);
  }

  @Patch()
  @Authorize('odoo.connection.write')
  @ApiOkResponse({ type: OdooConnectionDto })
  update(@CurrentActor() actor: TeamActor, @Body() body: OdooConnectionUpdateDto): Promise<OdooConnection> {
    return this.connections.update(actor, body);
  }

  @Delete()
  @Authorize('odoo.connection.write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Connection and its encrypted credentials deleted' })
  async remove(@CurrentActor() actor: TeamActor): Promise<void> {
    await this.connections.remove(actor);
  }

  /** Without a body, tests the saved connection and records the outcome; with one, tests that draft without saving it. */
  @Post('test')
  @Authorize('odoo.connection.write')
  @HttpCode(200)
  @ApiBody({ type: OdooConnectionInputDto, required: false })
  @ApiOkResponse({ type: OdooConnectionTestResultDto, description: 'ok=false with a coded error when Odoo refuses or cannot be reached' })
  test(@CurrentActor() actor: TeamActor, @Body() body: unknown): Promise<OdooConnectionTestResult> {
    const hasDraft = body !== undefined && body !== null && typeof body === 'object' && Object.keys(body).length > 0;
    if (!hasDraft) return this.connections.test(actor);
    const draft = odooConnectionInputSchema.safeParse(body);
    if (!draft.success) {
      const fields = zodIssuesToFields(draft.error);
      throw new DomainError('VALIDATION_FAILED', `Invalid request: ${fields.map((field) => `${field.path}: ${field.message}`).join('; ')}`, { fields });
    }
    return this.connections.test(actor, draft.data);
  }
}
