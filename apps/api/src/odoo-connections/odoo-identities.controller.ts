import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { OdooIdentity, odooIdentityInputSchema, odooIdentitySchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { OdooIdentitiesService } from './odoo-identities.service';

class OdooIdentityInputDto extends createZodDto(odooIdentityInputSchema) {}
class OdooIdentityDto extends createZodDto(odooIdentitySchema) {}

/** Every member manages only their own link; nobody can read another member's. */
@ApiTags('odoo-connection')
@Controller('teams/:teamId/odoo-identity')
export class OdooIdentitiesController {
  constructor(private readonly identities: OdooIdentitiesService) {}

  @Get()
  @Authorize('odoo.identity.manage')
  @ApiOkResponse({ type: OdooIdentityDto, description: "The caller's own linked Odoo login (never the secret)" })
  get(@CurrentActor() actor: TeamActor): Promise<OdooIdentity> {
    return this.identities.get(actor);
  }

  @Put()
  @Authorize('odoo.identity.manage')
  @ApiOkResponse({ type: OdooIdentityDto })
  @ApiUnprocessableEntityResponse({ description: 'ODOO_CREDENTIALS_REJECTED: Odoo did not accept the login' })
  link(@CurrentActor() actor: TeamActor, @Body() body: OdooIdentityInputDto): Promise<OdooIdentity> {
    return this.identities.link(actor, body);
  }

  @Delete()
  @Authorize('odoo.identity.manage')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Calls go back to running as the team connection' })
  async unlink(@CurrentActor() actor: TeamActor): Promise<void> {
    await this.identities.unlink(actor);
  }
}
