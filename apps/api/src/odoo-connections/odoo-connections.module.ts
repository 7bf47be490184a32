import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamsModule } from '../teams/teams.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { ODOO_CONNECTION_ENCRYPTED_FIELDS, OdooConnectionRecord, OdooConnectionSchema, odooConnectionSecretContext } from './odoo-connection.schema';
import { OdooClientFactory } from './odoo-client-factory';
import { OdooConnectionsController } from './odoo-connections.controller';
import { OdooConnectionsService } from './odoo-connections.service';
import { OdooIdentitiesController } from './odoo-identities.controller';
import { OdooIdentitiesService } from './odoo-identities.service';
import { ODOO_IDENTITY_ENCRYPTED_FIELDS, OdooIdentityRecord, OdooIdentitySchema, odooIdentitySecretContext } from './odoo-identity.schema';

@Module({
  imports: [
    TeamsModule,
    MongooseModule.forFeature([
      { name: OdooConnectionRecord.name, schema: OdooConnectionSchema },
      { name: OdooIdentityRecord.name, schema: OdooIdentitySchema },
    ]),
  ],
  controllers: [OdooConnectionsController, OdooIdentitiesController],
  providers: [OdooConnectionsService, OdooIdentitiesService, OdooClientFactory],
  exports: [OdooConnectionsService, OdooIdentitiesService, OdooClientFactory],
})
export class OdooConnectionsModule implements OnModuleInit {
  constructor(private readonly rotation: VaultRotationService) {}

  onModuleInit(): void {
    this.rotation.register({
      collection: 'odoo_connections',
      fields: ODOO_CONNECTION_ENCRYPTED_FIELDS,
      context: (id, field) => odooConnectionSecretContext(String(id), field as (typeof ODOO_CONNECTION_ENCRYPTED_FIELDS)[number]),
    });
    this.rotation.register({
      collection: 'odoo_identities',
      fields: ODOO_IDENTITY_ENCRYPTED_FIELDS,
      context: (id, field) => odooIdentitySecretContext(String(id), field as (typeof ODOO_IDENTITY_ENCRYPTED_FIELDS)[number]),
    });
  }
}
