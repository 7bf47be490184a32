import { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK } from 'jose';
import { mongo } from 'mongoose';
import { randomToken } from '../common/secrets';
import { Vault, VaultError } from '../vault/vault';
import { EncryptedString } from '../vault/encrypted-string';

const COLLECTION = 'oauth_keys';
const SIGNING_KEY_ID = 'signing';
const context = (id: string) => `${COLLECTION}:${id}:privateJwk`;

interface StoredKey {
  _id: string;
  kid: string;
  privateJwk: EncryptedString;
  createdAt: Date;
}

export interface SigningKey {
  privateJwk: JWK;
  publicKey: webcrypto.CryptoKey;
  kid: string;
}

/**
 * The ES256 key that signs access tokens: generated once, stored vault-encrypted, shared by every
 * replica (the first one to start inserts it; the others read what won). If the configured
 * ENCRYPTION_KEY cannot open it (the key was replaced without listing the old one), a new signing
 * key replaces it: access tokens issued before stop working, and clients refresh.
 */
export async function loadOrCreateSigningKey(db: mongo.Db, vault: Vault, warn: (message: string) => void): Promise<SigningKey> {
  const keys = db.collection<StoredKey>(COLLECTION);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await keys.findOne({ _id: SIGNING_KEY_ID });
    if (!stored) {
      await keys.insertOne(await newKey()).catch(ignoreDuplicate);
      continue;
    }
    let privateJwk: JWK;
    try {
      privateJwk = JSON.parse(vault.decrypt(stored.privateJwk, context(SIGNING_KEY_ID))) as JWK;
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      warn(
        `the OAuth signing key cannot be decrypted with the configured ENCRYPTION_KEY (${error.message}); a new signing key replaces it, and access tokens issued before stop working`,
      );
      await keys.replaceOne({ _id: SIGNING_KEY_ID, privateJwk: stored.privateJwk }, await newKey());
      continue;
    }
    const { d: _d, ...publicJwk } = privateJwk;
    const publicKey = (await importJWK(publicJwk, 'ES256')) as webcrypto.CryptoKey;
    return { privateJwk, publicKey, kid: stored.kid };
  }
  throw new Error('the OAuth signing key could not be stored');

  async function newKey(): Promise<StoredKey> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomToken(12);
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    return { _id: SIGNING_KEY_ID, kid, privateJwk: vault.encrypt(JSON.stringify(privateJwk), context(SIGNING_KEY_ID)), createdAt: new Date() };
  }
}

function ignoreDuplicate(error: unknown): void {
  if ((error as { code?: number }).code !== 11000) throw error;
}

export const OAUTH_KEYS_ENCRYPTED = { collection: COLLECTION, fields: ['privateJwk'] as const, context: (id: unknown) => context(String(id)) };
