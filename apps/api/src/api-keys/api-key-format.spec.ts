import { describe, expect, it } from 'vitest';
import { apiKeyPrefixId, generateApiKey, isBasicAuthorization, isWellFormedApiKey, parseBasicAuthorization } from './api-key-format';

const basicHeader = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('API key format', () => {
  it('is gnt_live_ and 43 base62 characters (256 bits), different every time', () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    for (const key of keys) {
      expect(key).toMatch(/^gnt_live_[0-9A-Za-z]{43}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
    // every base62 character turns up: the alphabet is not truncated
    expect(new Set(keys.join('').replaceAll('gnt_live_', '')).size).toBe(62);
  });

  it('identifies a key by the 8 characters after the prefix', () => {
    expect(apiKeyPrefixId('gnt_live_AbCd1234rest')).toBe('AbCd1234');
  });

  it('refuses anything else before it reaches the database', () => {
    const key = generateApiKey();
    for (const value of ['', key.slice(0, -1), `${key}x`, key.replace('gnt_live_', 'gnt_test_'), `${key.slice(0, -1)}-`, ` ${key}`]) {
      expect(isWellFormedApiKey(value), value).toBe(false);
    }
  });
});

describe('HTTP Basic parsing (RFC 7617)', () => {
  it('splits on the first colon only, so the password may contain colons', () => {
    expect(parseBasicAuthorization(basicHeader('you@example.com:gnt_live_abc'))).toEqual({ username: 'you@example.com', password: 'gnt_live_abc' });
    expect(parseBasicAuthorization(basicHeader('you@example.com:a:b:'))).toEqual({ username: 'you@example.com', password: 'a:b:' });
    expect(parseBasicAuthorization(basicHeader('you@example.com:'))).toEqual({ username: 'you@example.com', password: '' });
  });

  it('takes the scheme in any case, with extra spaces', () => {
    const token = Buffer.from('a@b.co:secret').toString('base64');
    for (const header of [`basic ${token}`, `BASIC   ${token}`, `  Basic ${token}  `]) {
      expect(isBasicAuthorization(header)).toBe(true);
      expect(parseBasicAuthorization(header)).toEqual({ username: 'a@b.co', password: 'secret' });
    }
  });

  it('returns null for malformed credentials', () => {
    for (const header of ['Basic', 'Basic ', 'Basic !!!', 'Basic a b', basicHeader('no-colon'), basicHeader(':no-user')]) {
      expect(parseBasicAuthorization(header), header).toBeNull();
    }
  });

  it('leaves other schemes alone', () => {
    for (const header of [undefined, 'Bearer gnt_live_x', 'Basically', 'Digest username="a"']) expect(isBasicAuthorization(header)).toBe(false);
  });
});
