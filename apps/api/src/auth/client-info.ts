import type { Request } from 'express';
import { ClientInfo } from './sessions.service';

/** `request.ip` honours the configured trust-proxy setting, so X-Forwarded-For is believed only from trusted hops. */
export function clientInfo(request: Request): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
}
