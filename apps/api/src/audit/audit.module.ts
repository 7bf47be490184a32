import { Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamsModule } from '../teams/teams.module';
import { AuditLogRecord, AuditLogSchema } from './audit-log.schema';
import { AuditLogsController } from './audit-logs.controller';
import { AuditLogsService } from './audit-logs.service';
import { AuditWriter } from './audit-writer';
import { AuditService } from './audit.service';

/** TTL indexes do not fire on every MongoDB-compatible server, so expired records are also purged here. */
const PURGE_INTERVAL_MS = 15 * 60 * 1000;

@Module({
  imports: [TeamsModule, MongooseModule.forFeature([{ name: AuditLogRecord.name, schema: AuditLogSchema }])],
  controllers: [AuditLogsController],
  providers: [AuditService, AuditWriter, AuditLogsService],
  exports: [AuditService],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly audit: AuditService) {}

  onModuleInit(): void {
    const purge = () =>
      this.audit.purgeExpired().catch((error: unknown) => new Logger('Audit').warn(`Purging expired audit records failed: ${error instanceof Error ? error.message : String(error)}`));
    this.purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
