import { Logger, MiddlewareConsumer, Module, NestModule, OnApplicationShutdown, OnModuleInit, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { Authorization } from '../authorization/authorization.service';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { AccountActivityController } from './account-activity.controller';
import { currentActivityScope } from './activity-context';
import { ActivityLogRecord, ActivityLogSchema } from './activity-log.schema';
import { ActivityLogsController } from './activity-logs.controller';
import { ActivityLogsService } from './activity-logs.service';
import { ActivityScopeMiddleware } from './activity-scope.middleware';
import { ActivityTrail } from './activity-trail';
import { ActivityWriter } from './activity-writer';
import { ActivityInterceptor } from './activity.interceptor';

/** TTL indexes do not fire on every MongoDB-compatible server, so expired records are also purged here. */
const PURGE_INTERVAL_MS = 15 * 60 * 1000;

/**
 * The admin trail: a scope per REST request (middleware), its outcome recorded by a global
 * interceptor, refused authorizations through Authorization.onRefusal, details noted by the
 * services (describeActivity), and the routes that read it.
 */
@Module({
  imports: [TeamsModule, UsersModule, MongooseModule.forFeature([{ name: ActivityLogRecord.name, schema: ActivityLogSchema }])],
  controllers: [ActivityLogsController, AccountActivityController],
  providers: [ActivityWriter, ActivityTrail, ActivityLogsService, { provide: APP_INTERCEPTOR, useClass: ActivityInterceptor }],
  exports: [ActivityWriter],
})
export class ActivityModule implements NestModule, OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly authorization: Authorization,
    private readonly trail: ActivityTrail,
    private readonly writer: ActivityWriter,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    // Under the global prefix: /api/… only.
    consumer.apply(ActivityScopeMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  onModuleInit(): void {
    // REST only: an MCP refusal has no activity scope (the audit log records it).
    this.authorization.onRefusal((actor, decision) => {
      const scope = currentActivityScope();
      if (scope) this.trail.refusal(scope, actor, decision);
    });
    const purge = () =>
      this.writer
        .purgeExpired()
        .catch((error: unknown) =>
          new Logger('Activity').warn(`Purging expired activity records failed: ${error instanceof Error ? error.message : String(error)}`),
        );
    this.purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
