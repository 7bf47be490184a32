import { API_KEY_PREFIX } from './api-keys';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 43 base62 characters carry 256 bits, as much as 32 random bytes. */
export const API_KEY_SECRET_LENGTH = 43;
/** 248 = 4 × 62: bytes from 248 up are dropped so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 248;

/**
 * A new API key, `gnt_live_` + 43 base62 characters. Shared by the API (keys it creates) and the
 * CLI (`gantry keys generate`, for static keys of gantry.toml); Web Crypto, so it runs anywhere.
 * Base62 rather than base64url: no `-` or `_`, so a double-click selects the whole key and the
 * underscores of the prefix stay the only ones in it.
 */
export function generateApiKey(): string {
  let secret = '';
  while (secret.length < API_KEY_SECRET_LENGTH) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(API_KEY_SECRET_LENGTH))) {
      if (byte < UNBIASED_BYTE_LIMIT && secret.length < API_KEY_SECRET_LENGTH) secret += BASE62[byte % BASE62.length];
    }
  }
  return `${API_KEY_PREFIX}${secret}`;
}
