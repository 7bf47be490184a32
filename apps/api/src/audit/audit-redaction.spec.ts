import { AUDIT_REDACTED } from '@gantry/contracts';
import { describe, expect, it } from 'vitest';
import { boundedText, isSecretKey, redactAndBound, redactText } from './audit-redaction';

const R = AUDIT_REDACTED;
const API_KEY = 'gnt_live_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

const bound = (value: unknown, max = 8192) => redactAndBound(value, max);

describe('audit redaction', () => {
  it('replaces the values of secret-looking keys, at any depth and in any spelling', () => {
    const input = {
      login: 'admin',
      Password: 'hunter2',
      new_passwd: 'x',
      'API-Key': 'k',
      x_api_key: 'k',
      accessToken: 'abc',
      refresh_token: 'def',
      Authorization: 'Basic Zm9vOmJhcg==',
      cookie: 'sid=1',
      session_id: 'abc',
      private_key: '-----BEGIN PRIVATE KEY-----',
      client_secret: 's',
      credentials: { user: 'u', pass: 'p' },
      nested: [{ deeper: { db_password: 'p', secretKey: 'k', name: 'kept' } }],
    };
    const { value, truncated } = bound(input);
    expect(truncated).toBe(false);
    expect(value).toEqual({
      login: 'admin',
      Password: R,
      new_passwd: R,
      'API-Key': R,
      x_api_key: R,
      accessToken: R,
      refresh_token: R,
      Authorization: R,
      cookie: R,
      session_id: R,
      private_key: R,
      client_secret: R,
      credentials: R,
      nested: [{ deeper: { db_password: R, secretKey: R, name: 'kept' } }],
    });
    expect(input.Password).toBe('hunter2'); // the caller's object is left alone
  });

  it('treats a plain "key" as a secret only when its value looks like a credential', () => {
    expect(isSecretKey('key', 'web.base.url')).toBe(false);
    expect(isSecretKey('sort_key', 'name')).toBe(false);
    expect(isSecretKey('key', 42)).toBe(false);
    expect(isSecretKey('key', '9f8e7d6c5b4a39281706f5e4d3c2b1a0')).toBe(true);
    expect(isSecretKey('license_key', 'short')).toBe(true);
    expect(bound({ key: 'web.base.url', value: 'https://odoo.example.com' }).value).toEqual({ key: 'web.base.url', value: 'https://odoo.example.com' });
  });

  it('redacts API keys, bearer and basic credentials, JWTs and URL passwords inside text', () => {
    expect(redactText(`use ${API_KEY} please`)).toBe(`use ${R} please`);
    expect(redactText('Authorization: Bearer abcdefgh12345678')).toBe(`Authorization: Bearer ${R}`);
    expect(redactText('basic Zm9vOmJhcjpiYXo=')).toBe(`basic ${R}`);
    expect(redactText(`token=${JWT}`)).toBe(`token=${R}`);
    expect(redactText('https://admin:s3cret@odoo.example.com/web')).toBe(`https://admin:${R}@odoo.example.com/web`);
    // The public key prefix shown in lists (gnt_live_ + 8 characters) identifies, it does not authenticate.
    expect(redactText('key gnt_live_Ab12Cd34 revoked')).toBe('key gnt_live_Ab12Cd34 revoked');
    expect(bound({ note: `header was Bearer ${API_KEY}`, list: [API_KEY] }).value).toEqual({ note: `header was Bearer ${R}`, list: [R] });
  });

  it('keeps ordinary tool parameters exactly', () => {
    const params = {
      model: 'res.partner',
      domain: [['is_company', '=', true], '|', ['name', 'ilike', 'acme']],
      fields: ['name', 'email'],
      limit: 80,
      offset: 0,
      context: { lang: 'en_US', active_test: false },
      note: null,
    };
    expect(bound(params)).toEqual({ value: params, truncated: false });
  });

  it('copies what JSON.stringify would write: toJSON, no undefined or functions, finite numbers, no cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const { value } = bound({
      when: new Date('2025-01-02T03:04:05.000Z'),
      gone: undefined,
      fn: () => 1,
      list: [undefined, 1],
      nan: Number.NaN,
      big: 12345678901234567890n,
      cyclic,
    });
    expect(value).toEqual({
      when: '2025-01-02T03:04:05.000Z',
      list: [null, 1],
      nan: null,
      big: '12345678901234567890',
      cyclic: { name: 'loop', self: '[circular]' },
    });
    expect(bound(undefined)).toEqual({ value: null, truncated: false });
  });

  it('cuts a large result to a bounded, valid JSON preview and says so', () => {
    const records = Array.from({ length: 5000 }, (_, id) => ({ id, name: `Partner ${id}`, email: `p${id}@example.com`, street: 'Main street 1' }));
    const { value, truncated } = bound(records);
    expect(truncated).toBe(true);
    const json = JSON.stringify(value);
    expect(json.length).toBeLessThanOrEqual(8192);
    expect(json.length).toBeGreaterThan(7000);
    const items = JSON.parse(json) as unknown[];
    expect(items[0]).toEqual(records[0]);
    expect(items.at(-1)).toMatch(/^… \d+ more items$/);
  });

  it('cuts long strings and wide objects with visible markers', () => {
    const long = bound({ text: 'x'.repeat(100_000) }, 1000);
    expect(long.truncated).toBe(true);
    expect(JSON.stringify(long.value).length).toBeLessThanOrEqual(1000);
    expect((long.value as { text: string }).text).toMatch(/^x+…$/);

    const wide = bound(Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`field_${index}`, index])), 500);
    expect(wide.truncated).toBe(true);
    expect(JSON.stringify(wide.value).length).toBeLessThanOrEqual(500);
    expect((wide.value as Record<string, string>)['…']).toMatch(/^\d+ more keys$/);
  });

  it('never exceeds the bound, whatever the shape, and always yields parseable JSON', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let nodes = 0;
    const make = (depth: number): unknown => {
      const pick = random();
      nodes += 1;
      if (depth > 5 || nodes > 2000 || pick < 0.3)
        return ['a"\\\n\u0001é😀'.repeat(Math.floor(random() * 50)), random() * 1e6, true, null, -1.5][Math.floor(random() * 5)];
      if (pick < 0.65) return Array.from({ length: Math.floor(random() * 30) }, () => make(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 30) }, (_, index) => [`k"${index}\n`, make(depth + 1)]));
    };
    for (let round = 0; round < 300; round += 1) {
      nodes = 0;
      const input = make(0);
      const max = 40 + Math.floor(random() * 3000);
      const { value, truncated } = redactAndBound(input, max);
      const json = JSON.stringify(value);
      expect(json.length).toBeLessThanOrEqual(max);
      expect(JSON.parse(json)).toEqual(value);
      if (JSON.stringify(input).length <= max - 300) expect(truncated).toBe(false); // nesting keeps room for markers
    }
  });

  it('costs time in proportion to the bound, not to the size of the input', () => {
    const huge = { rows: Array.from({ length: 1_000_000 }, (_, index) => ({ id: index })), text: 'y'.repeat(20_000_000) };
    const started = performance.now();
    for (let index = 0; index < 100; index += 1) redactAndBound(huge, 8192);
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });

  it('bounds single texts (tool names, error messages) and redacts them', () => {
    expect(boundedText('a'.repeat(300), 200)).toBe(`${'a'.repeat(199)}…`);
    expect(boundedText(`Odoo refused ${API_KEY}`, 200)).toBe(`Odoo refused ${R}`);
  });
});
