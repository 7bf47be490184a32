import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EncryptedString, isEncryptedString, parseEncrypted } from './encrypted-string';
import { keyIdOf, Vault, VaultError } from './vault';

const key1 = randomBytes(32);
const key2 = randomBytes(32);

describe('Vault (AES-256-GCM)', () => {
  const vault = new Vault(key1);

  it('stores keyId$IV:TAG:CIPHERTEXT in hex with a 16-byte IV and tag, and round-trips', () => {
    const sealed = vault.encrypt('s3cret-odoo-api-key', 'odoo_connections:1:secret');
    expect(sealed).toMatch(/^k[0-9a-f]{8}\$[0-9a-f]{32}:[0-9a-f]{32}:[0-9a-f]+$/);
    expect(parseEncrypted(sealed)!.keyId).toBe(keyIdOf(key1));
    expect(sealed).not.toContain('s3cret');
    expect(vault.decrypt(sealed, 'odoo_connections:1:secret')).toBe('s3cret-odoo-api-key');
  });

  it('uses a fresh IV every time', () => {
    const a = vault.encrypt('same', 'ctx');
    const b = vault.encrypt('same', 'ctx');
    expect(a).not.toBe(b);
    expect(parseEncrypted(a)!.iv.equals(parseEncrypted(b)!.iv)).toBe(false);
  });

  it('fails loudly on a single flipped byte anywhere, returning nothing', () => {
    const sealed = vault.encrypt('do not leak me', 'ctx');
    const hexStart = sealed.indexOf('$') + 1;
    for (let position = hexStart; position < sealed.length; position += 7) {
      if (sealed[position] === ':') continue;
      const flipped = sealed.slice(0, position) + (sealed[position] === '0' ? '1' : '0') + sealed.slice(position + 1);
      expect(() => vault.decrypt(flipped as EncryptedString, 'ctx')).toThrow(/integrity check/);
    }
  });

  it('refuses ciphertext moved to another record or field (context is authenticated)', () => {
    const sealed = vault.encrypt('team A secret', 'odoo_connections:A:secret');
    expect(() => vault.decrypt(sealed, 'odoo_connections:B:secret')).toThrow(VaultError);
  });

  it('refuses values that are not in the vault format and keys it does not have', () => {
    expect(() => vault.decrypt('plaintext' as EncryptedString, 'ctx')).toThrow(/not in the vault format/);
    const other = new Vault(key2).encrypt('x', 'ctx');
    expect(() => vault.decrypt(other, 'ctx')).toThrow(/not configured/);
    expect(isEncryptedString('plaintext')).toBe(false);
  });

  it('rotates: previous keys still decrypt, re-encryption moves values to the current key', () => {
    const underKey1 = new Vault(key1).encrypt('rotate me', 'ctx');
    const rotated = new Vault(key2, [key1]);
    expect(rotated.decrypt(underKey1, 'ctx')).toBe('rotate me');
    expect(rotated.needsRotation(underKey1)).toBe(true);
    const underKey2 = rotated.reencrypt(underKey1, 'ctx');
    expect(rotated.needsRotation(underKey2)).toBe(false);
    expect(rotated.reencrypt(underKey2, 'ctx')).toBe(underKey2);
    expect(new Vault(key2).decrypt(underKey2, 'ctx')).toBe('rotate me');
  });

  it('reads keys from configuration in hex or base64 and refuses weak ones', () => {
    const fromConfig = Vault.fromConfig({ ENCRYPTION_KEY: key2.toString('base64'), ENCRYPTION_KEYS_PREVIOUS: `${key1.toString('hex')}` });
    expect(fromConfig.currentKeyId).toBe(keyIdOf(key2));
    expect(fromConfig.decrypt(new Vault(key1).encrypt('old', 'c'), 'c')).toBe('old');
    expect(() => Vault.fromConfig({ ENCRYPTION_KEY: 'ab'.repeat(16), ENCRYPTION_KEYS_PREVIOUS: '' })).toThrow(/32 random bytes/);
    expect(() => Vault.fromConfig({ ENCRYPTION_KEY: key1.toString('hex'), ENCRYPTION_KEYS_PREVIOUS: 'weak' })).toThrow(/entry 1/);
  });
});
