import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { GantryLogger } from './common/gantry-logger';
import { AppConfig } from './config/app-config';
import { McpService } from './mcp/mcp.service';
import { OAuthProviderService } from './oauth/oauth-provider.service';
import { mountOpenApi } from './openapi';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Everything a running API is made of — pipes, filters, parsers, limits, headers, docs — applied in
 * one place, used by main.ts and by every end-to-end test so tests exercise what production runs.
 */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? new GantryLogger({ logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1) }),
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
  // CORS for what browser-based MCP clients (e.g. MCP Inspector) call: discovery and /mcp.
  // oidc-provider answers CORS on its own endpoints (registration, token, revocation, jwks).
  app.use(mcpCors(config));
  // The authorization server reads its own request bodies, so it comes before the parsers.
  app.use(app.get(OAuthProviderService).middleware());
  app.use(json({ limit: config.BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.use(cookieParser());
  // POST /mcp is the hot path: answered here, without Nest's router, guards and filters on top
  // (McpService does its own checks and error answers). The controller keeps the other methods.
  app.use(app.get(McpService).middleware());
  // /mcp and /.well-known are served at the root, as MCP clients and RFC 9728 expect.
  app.setGlobalPrefix('api', { exclude: ['mcp', 'mcp/workspaces/{*path}', '.well-known/{*path}'] });
  app.enableShutdownHooks();
  if (config.OPENAPI_ENABLED) mountOpenApi(app, config);
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

const CORS_PATHS =
  /^\/(mcp(\/.*)?|oauth\/register|\.well-known\/oauth-protected-resource(\/.*)?|\.well-known\/oauth-authorization-server|\.well-known\/openid-configuration)$/;

/**
 * Discovery documents and dynamic registration are public (any origin; oidc-provider answers CORS
 * on its token, revocation and jwks endpoints itself). /mcp allows only the origins McpService accepts
 * (PUBLIC_URL and MCP_ALLOWED_ORIGINS), so CORS never widens who may call it; it lets those
 * browser clients read the answer and the WWW-Authenticate / Mcp-Session-Id headers.
 */
function mcpCors(config: AppConfig) {
  const publicOrigin = new URL(config.PUBLIC_URL).origin;
  const allowed = new Set([publicOrigin, ...config.MCP_ALLOWED_ORIGINS]);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (!origin || !CORS_PATHS.test(req.path)) return next();
    const isMcp = req.path === '/mcp' || req.path.startsWith('/mcp/');
    if (!isMcp || allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', isMcp ? origin : '*');
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version');
    }
    if (req.method === 'OPTIONS') {
      if (isMcp && !allowed.has(origin)) {
        res.status(403).end();
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', isMcp ? 'POST, GET, DELETE, OPTIONS' : 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
