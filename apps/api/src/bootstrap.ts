import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { json, urlencoded } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { mountOpenApi } from './openapi';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Everything a running API is made of — pipes, filters, parsers, limits, headers, docs — applied in
 * one place, used by main.ts and by every end-to-end test so tests exercise what production runs.
 */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL === 'log' ? 'log' : config.LOG_LEVEL) + 1),
  });
  bootstrap(app, config);
  await app.init();
  return app;
}

export function bootstrap(app: INestApplication & NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', parseTrustProxy(config.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(
    helmet({
      // The API answers JSON; the docs page needs inline scripts of swagger-ui.
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  app.use(json({ limit: config.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.use(cookieParser());
  // /mcp and /.well-known are served at the root, as MCP clients and RFC 9728 expect.
  app.setGlobalPrefix('api', { exclude: ['mcp', '.well-known/{*path}'] });
  app.enableShutdownHooks();
  if (config.OPENAPI_ENABLED) mountOpenApi(app, config);
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
