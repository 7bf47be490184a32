import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamsModule } from '../teams/teams.module';
import { VaultRotationService } from '../vault/vault-rotation.service';
import { ODOO_CONNECTION_ENCRYPTED_FIELDS, OdooConnectionRecord, OdooConnectionSchema, odooConnectionSecretContext } from './odoo-connection.schema';
import { OdooConnectionsController } from './odoo-connections.controller';
import { OdooConnectionsService } from './odoo-connections.service';

@Module({
  imports: [TeamsModule, MongooseModule.forFeature([{ name: OdooConnectionRecord.name, schema: OdooConnectionSchema }])],
  controllers: [OdooConnectionsController],
  providers: [OdooConnectionsService],
  exports: [OdooConnectionsService],
})
export class OdooConnectionsModule implements OnModuleInit {
  constructor(private readonly rotation: VaultRotationService) {}

  onModuleInit(): void {
    this.rotation.register({
      collection: 'odoo_connections',
      fields: ODOO_CONNECTION_ENCRYPTED_FIELDS,
      context: (id, field) => odooConnectionSecretContext(String(id), field as (typeof ODOO_CONNECTION_ENCRYPTED_FIELDS)[number]),
    });
  }
}
