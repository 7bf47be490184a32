import { Injectable, NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { runActivityScope } from './activity-context';

/**
 * Opens the activity scope of every REST request (/api/…) before the guards run, so that a refusal
 * in AuthorizationGuard, the route's outcome and the services' notes meet in one record. /mcp is
 * not under /api: the MCP gateway is recorded by the audit log and never enters a scope.
 */
@Injectable()
export class ActivityScopeMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: () => void): void {
    runActivityScope(request, next);
  }
}
