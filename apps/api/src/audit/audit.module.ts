import { Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { OdooConnectionsModule } from '../odoo-connections/odoo-connections.module';
import { TeamsModule } from '../teams/teams.module';
import { AuditAnalyticsController } from './audit-analytics.controller';
import { AuditAnalyticsService } from './audit-analytics.service';
import { AuditLogRecord, AuditLogSchema } from './audit-log.schema';
import { AuditLogsController } from './audit-logs.controller';
import { AuditLogsService } from './audit-logs.service';
import { AuditWriter } from './audit-writer';
import { AuditService } from './audit.service';

/** TTL indexes do not fire on every MongoDB-compatible server, so expired records are also purged here. */
const PURGE_INTERVAL_MS = 15 * 60 * 1000;

@Module({
  imports: [TeamsModule, ApiKeysModule, OdooConnectionsModule, MongooseModule.forFeature([{ name: AuditLogRecord.name, schema: AuditLogSchema }])],
  controllers: [AuditLogsController, AuditAnalyticsController],
  providers: [AuditService, AuditWriter, AuditLogsService, AuditAnalyticsService],
  exports: [AuditService],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly audit: AuditService) {}

  onModuleInit(): void {
    const purge = () =>
      this.audit
        .purgeExpired()
        .catch((error: unknown) => new Logger('Audit').warn(`Purging expired audit records failed: ${error instanceof Error ? error.message : String(error)}`));
    this.purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
