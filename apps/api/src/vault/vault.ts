import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { decodeKey } from '../config/config.schema';
import { EncryptedString, formatEncrypted, parseEncrypted } from './encrypted-string';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 16;
const TAG_BYTES = 16;

/** Key ids are fingerprints of the key itself, so no configuration can pair an id with the wrong key. */
export function keyIdOf(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

export class VaultError extends DomainError {
  constructor(message: string) {
    super('INTERNAL', message);
    this.name = 'VaultError';
  }
}

/**
 * AES-256-GCM with a fresh random 16-byte IV per encryption and a 16-byte tag. The `context`
 * (for example `odoo_connections:<id>:secret`) is authenticated as additional data, so a
 * ciphertext copied into another record or field does not decrypt.
 */
export class Vault {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    if (currentKey.length !== 32) throw new VaultError('The encryption key must be 32 bytes');
    this.currentKeyId = keyIdOf(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    for (const key of previousKeys) {
      if (key.length !== 32) throw new VaultError('Every previous encryption key must be 32 bytes');
      if (!this.keys.has(keyIdOf(key))) this.keys.set(keyIdOf(key), key);
    }
  }

  static fromConfig(config: { ENCRYPTION_KEY: string; ENCRYPTION_KEYS_PREVIOUS: string }): Vault {
    const current = decodeKey(config.ENCRYPTION_KEY);
    if (!current) throw new VaultError('ENCRYPTION_KEY must be 32 random bytes as 64 hex characters or base64');
    const previous = config.ENCRYPTION_KEYS_PREVIOUS.split(',')
      .map((value) => value.trim())
      .filter(Boolean)
      .map((value, index) => {
        const key = decodeKey(value);
        if (!key) throw new VaultError(`ENCRYPTION_KEYS_PREVIOUS entry ${index + 1} is not a 32-byte key (hex or base64)`);
        return key;
      });
    return new Vault(current, previous);
  }

  encrypt(plaintext: string, context: string): EncryptedString {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return formatEncrypted({ keyId: this.currentKeyId, iv, tag: cipher.getAuthTag(), ciphertext });
  }

  /** Authenticates before returning anything: tampered, truncated or misplaced ciphertext throws, never half-decrypts. */
  decrypt(value: EncryptedString, context: string): string {
    const parts = parseEncrypted(value);
    if (!parts) throw new VaultError('Stored secret is not in the vault format; it cannot be read');
    const key = this.keys.get(parts.keyId);
    if (!key) throw new VaultError(`Stored secret was encrypted with key ${parts.keyId}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_KEYS_PREVIOUS)`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('Stored secret failed its integrity check (tampered or moved); it was not used');
    }
  }

  needsRotation(value: EncryptedString): boolean {
    return parseEncrypted(value)?.keyId !== this.currentKeyId;
  }

  /** Re-encrypts under the current key; already-current values come back unchanged. */
  reencrypt(value: EncryptedString, context: string): EncryptedString {
    return this.needsRotation(value) ? this.encrypt(this.decrypt(value, context), context) : value;
  }
}
