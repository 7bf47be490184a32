declare const encryptedBrand: unique symbol;

/**
 * Ciphertext as stored: `<keyId>$<iv>:<tag>:<ciphertext>` (hex). A branded type, so plaintext and
 * ciphertext cannot be mixed up in code: only the Vault makes one, only the Vault opens one.
 */
export type EncryptedString = string & { readonly [encryptedBrand]: true };

const FORMAT = /^(k[0-9a-f]{8})\$([0-9a-f]{32}):([0-9a-f]{32}):([0-9a-f]*)$/;

export interface EncryptedParts {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export function parseEncrypted(value: string): EncryptedParts | null {
  const match = FORMAT.exec(value);
  if (!match) return null;
  return {
    keyId: match[1]!,
    iv: Buffer.from(match[2]!, 'hex'),
    tag: Buffer.from(match[3]!, 'hex'),
    ciphertext: Buffer.from(match[4]!, 'hex'),
  };
}

export function formatEncrypted(parts: EncryptedParts): EncryptedString {
  return `${parts.keyId}$${parts.iv.toString('hex')}:${parts.tag.toString('hex')}:${parts.ciphertext.toString('hex')}` as EncryptedString;
}

export function isEncryptedString(value: unknown): value is EncryptedString {
  return typeof value === 'string' && FORMAT.test(value);
}
