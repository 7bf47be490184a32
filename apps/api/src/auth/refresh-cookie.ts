import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from '@gantry/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig, useSecureCookies } from '../config/app-config';

function options(config: AppConfig): CookieOptions {
  return { httpOnly: true, secure: useSecureCookies(config), sameSite: 'strict', path: REFRESH_COOKIE_PATH };
}

export function setRefreshCookie(response: Response, config: AppConfig, token: string): void {
  response.cookie(REFRESH_COOKIE_NAME, token, { ...options(config), maxAge: config.REFRESH_TOKEN_TTL_DAYS * 24 * 60 * 60 * 1000 });
}

export function clearRefreshCookie(response: Response, config: AppConfig): void {
  response.clearCookie(REFRESH_COOKIE_NAME, options(config));
}

export function readRefreshCookie(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE_NAME];
  return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
}
