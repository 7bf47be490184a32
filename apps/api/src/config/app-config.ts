import { AppConfig } from './config.schema';

/** Injection token for the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };

/** Cookies carry Secure everywhere but plain-http localhost, where browsers would drop them. */
export function useSecureCookies(config: AppConfig): boolean {
  const { protocol, hostname } = new URL(config.PUBLIC_URL);
  return protocol === 'https:' || !(hostname === 'localhost' || hostname === '127.0.0.1');
}
