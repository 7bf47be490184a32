import { AUDIT_REDACTED } from '@gantry/contracts';
import { describe, expect, it } from 'vitest';
import { redactAndBound, redactText } from './audit-redaction';

const R = AUDIT_REDACTED;

describe('secrets in free text', () => {
  it('masks the value of password=, passwd:, secret=, token= and other secret names, keeping the text around it', () => {
    expect(redactText('please reset, password=hunter2 thanks')).toBe(`please reset, password=${R} thanks`);
    expect(redactText('db passwd: s3cr3t-Value, host: db1')).toBe(`db passwd: ${R}, host: db1`);
    expect(redactText('client_secret=abc123&grant_type=client_credentials')).toBe(`client_secret=${R}&grant_type=client_credentials`);
    expect(redactText('callback?access_token=xyz987&state=1')).toBe(`callback?access_token=${R}&state=1`);
    expect(redactText('new Password = "correct horse battery"; saved')).toBe(`new Password = "${R}"; saved`);
    expect(redactText(`{"api_key": "k-123", "name": "Acme"}`)).toBe(`{"api_key": "${R}", "name": "Acme"}`);
    expect(redactText(`{"password":"a\\"b c"}`)).toBe(`{"password":"${R}"}`);
    expect(redactText("secret_key='x y z' ok")).toBe(`secret_key='${R}' ok`);
    expect(redactText('Cookie: session_id=abcdef0123456789')).toBe(`Cookie: ${R}`);
    expect(redactText('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${R}`);
  });

  it('masks credentials with a known shape wherever they are', () => {
    const cases: Array<[string, string]> = [
      ['gnt_live_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv', 'Gantry API key'],
      ['gws_Zx9y8W7v6U5t4S3r2Q1p0OnMlKjIhGfEdCbA', 'workspace token'],
      ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'GitHub classic token'],
      ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU', 'GitHub fine-grained token'],
      ['glpat-xxxxXXXX1234yyyyZZZZ', 'GitLab token'],
      ['sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'OpenAI key'],
      ['sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'Anthropic key'],
      ['AKIAIOSFODNN7EXAMPLE', 'AWS access key id'],
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'JWT'],
    ];
    for (const [secret, what] of cases) expect(redactText(`see ${secret} here`), what).toBe(`see ${R} here`);
    expect(redactText('Bearer abcdefgh12345678 was sent')).toBe(`Bearer ${R} was sent`);
    expect(redactText('clone https://me:ghs_notreallyatoken12345678@github.com/acme/x')).toBe(`clone https://me:${R}@github.com/acme/x`);
    expect(redactText('https://admin:s3cret@odoo.example.com/web')).toBe(`https://admin:${R}@odoo.example.com/web`);
  });

  it('masks PEM private keys whole, also when the text was cut before their end', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234abcd\nmorebase64==\n-----END RSA PRIVATE KEY-----';
    expect(redactText(`key file:\n${pem}\nend of note`)).toBe(`key file:\n${R}\nend of note`);
    expect(redactText('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).toBe(R);
    expect(redactText('-----BEGIN PUBLIC KEY-----\nMIIBIjANBg')).toBe('-----BEGIN PUBLIC KEY-----\nMIIBIjANBg');
  });

  it('masks long base64 or hex runs right after a secret-ish word', () => {
    expect(redactText('the API key is 9f86d081884c7d659a2feaa0c55ad015 for prod')).toBe(`the API key is ${R} for prod`);
    expect(redactText('shared secret Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA== (rotate monthly)')).toBe(`shared secret ${R} (rotate monthly)`);
    expect(redactText('signature: a1b2c3d4e5f60718293a4b5c6d7e8f90 ok')).toBe(`signature: ${R} ok`);
  });

  it('leaves ordinary text alone: long words, UUIDs, dates, identifiers, hashes without a secret word', () => {
    for (const text of [
      'Internationalization of the keyboard layout, tokenization tokens: 5',
      'Partner 123e4567-e89b-12d3-a456-426614174000 has key 123e4567-e89b-12d3-a456-426614174000',
      'token expires 2025-01-02T03:04:05Z',
      'secretary: Jane Doe, keyboard=us, monkey: yes',
      'the key x_studio_customer_reference_2024 is a field',
      'commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 fixed it',
      'a password reset link was sent to jane@example.com',
      'sale.order.line,res.partner,account.move',
      'key gnt_live_Ab12Cd34 revoked',
      'model: res.users, fields: password_crypt',
    ]) {
      expect(redactText(text), text).toBe(text);
    }
  });

  it('scans crafted texts in linear time (the audit sink runs on the hot path)', () => {
    const started = performance.now();
    for (const text of ['a.'.repeat(5000) + 'tokens', 'key '.repeat(2500), `password=${'\\'.repeat(5000)}`, ('secret ' + 'A1'.repeat(15) + ' ').repeat(250)]) {
      redactText(text);
    }
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('applies to string values anywhere in parameters and results, whatever their keys', () => {
    const { value } = redactAndBound(
      { model: 'res.partner', values: { comment: 'login with password=hunter2 please', tags: ['ok', 'token: abc123xyz'] } },
      8192,
    );
    expect(value).toEqual({ model: 'res.partner', values: { comment: `login with password=${R} please`, tags: ['ok', `token: ${R}`] } });
  });
});
