import { mongo } from 'mongoose';
import { sha256Hex } from '../common/secrets';
import { Vault } from '../vault/vault';
import { EncryptedString } from '../vault/encrypted-string';

/**
 * oidc-provider's storage in MongoDB: one collection per model (`oauth_<model>`), documents
 * `{ _id, payload, expiresAt, grantId?, uid?, userCode?, consumedAt? }`.
 *
 * - Ids that are bearer secrets (refresh tokens, codes, sessions, registration tokens…) are
 *   stored as their SHA-256, so a database dump yields no usable token.
 * - Client secrets are encrypted with the vault (oidc-provider must compare the plaintext).
 * - Expiry: a TTL index on `expiresAt` where the server supports it, reads that ignore expired
 *   documents, and a purge job (`purgeExpired`) for servers whose TTL monitor does not run.
 * - Reusing a consumed refresh token revokes the grant (oidc-provider does that when it sees
 *   `consumed`); within `refreshGraceSeconds` after rotation the old token is still accepted, so
 *   clients that refresh twice in parallel are not logged out.
 */
export const OAUTH_MODELS = [
  'Session',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'ClientCredentials',
  'Client',
  'InitialAccessToken',
  'RegistrationAccessToken',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'Grant',
  'BackchannelAuthenticationRequest',
] as const;

/** Models whose id is not a secret, so it is stored as is (clients are looked up and listed by id). */
const PLAIN_ID_MODELS = new Set(['Client', 'Grant', 'Interaction']);

export function oauthCollection(model: string): string {
  return `oauth_${model.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

export const OAUTH_GRANTS = oauthCollection('Grant');
export const OAUTH_CLIENTS = oauthCollection('Client');
export const OAUTH_REGISTRATION_ACCESS_TOKENS = oauthCollection('RegistrationAccessToken');

export interface OAuthStoredDocument {
  _id: string;
  payload: Record<string, unknown>;
  expiresAt: Date | null;
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumedAt?: Date;
  /** A token's own value (its jti), vault-encrypted, for lookups by uid or user code; lookups by id use the hash. */
  sealedJti?: EncryptedString;
  /** A client's secret, vault-encrypted, kept beside the payload so key rotation can reach it. */
  clientSecret?: EncryptedString;
  /** Gantry's own fields on a grant (the team it was given for); invisible to oidc-provider. */
  gantry?: { teamId: string; userId: string; scopes: string[]; createdAt: Date; tools?: string[] | null; models?: string[] | null };
  /** On a client: when it first exchanged a code for tokens. Registrations without it are purged (oauth-client-hygiene.ts). */
  firstGrantAt?: Date;
}

export interface OAuthStoreOptions {
  refreshGraceSeconds: number;
  /** Called when a grant is destroyed, so cached token verifications end at once. */
  onGrantDestroyed(grantId: string): void;
}

function jtiContext(model: string, key: unknown): string {
  return `${oauthCollection(model)}:${String(key)}:sealedJti`;
}

export function clientSecretContext(clientId: unknown): string {
  return `${OAUTH_CLIENTS}:${String(clientId)}:clientSecret`;
}

/** The adapter class oidc-provider instantiates once per model name. */
export function mongoAdapterClass(db: mongo.Db, vault: Vault, options: OAuthStoreOptions) {
  return class MongoOAuthAdapter {
    readonly #collection: mongo.Collection<OAuthStoredDocument>;

    constructor(readonly model: string) {
      this.#collection = db.collection<OAuthStoredDocument>(oauthCollection(model));
    }

    #key(id: string): string {
      return PLAIN_ID_MODELS.has(this.model) ? id : sha256Hex(id);
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      const { client_secret: clientSecret, jti, ...rest } = payload;
      const hashed = !PLAIN_ID_MODELS.has(this.model);
      const key = this.#key(id);
      const set: Partial<OAuthStoredDocument> = { expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null };
      if (this.model === 'Client') {
        set.payload = { ...rest, ...(jti === undefined ? {} : { jti }) };
        if (typeof clientSecret === 'string') set.clientSecret = vault.encrypt(clientSecret, clientSecretContext(id));
      } else if (hashed) {
        // The payload repeats the token's value as jti: it is kept only encrypted.
        set.payload = { ...rest, ...(clientSecret === undefined ? {} : { client_secret: clientSecret }) };
        if (typeof jti === 'string') set.sealedJti = vault.encrypt(jti, jtiContext(this.model, key));
      } else {
        set.payload = payload;
      }
      if (typeof payload.grantId === 'string') set.grantId = payload.grantId;
      if (typeof payload.uid === 'string') set.uid = payload.uid;
      if (typeof payload.userCode === 'string') set.userCode = payload.userCode;
      await this.#collection.updateOne({ _id: key }, { $set: set }, { upsert: true });
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      return this.#read(await this.#collection.findOne({ _id: this.#key(id) }));
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return this.#read(await this.#collection.findOne({ uid }));
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return this.#read(await this.#collection.findOne({ userCode }));
    }

    async consume(id: string): Promise<void> {
      await this.#collection.updateOne({ _id: this.#key(id), consumedAt: { $exists: false } }, { $set: { consumedAt: new Date() } });
    }

    async destroy(id: string): Promise<void> {
      await this.#collection.deleteOne({ _id: this.#key(id) });
      if (this.model === 'Grant') options.onGrantDestroyed(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await this.#collection.deleteMany({ grantId });
    }

    #read(document: OAuthStoredDocument | null): Record<string, unknown> | undefined {
      if (!document) return undefined;
      if (document.expiresAt && document.expiresAt.getTime() <= Date.now()) return undefined;
      const payload = { ...document.payload };
      if (this.model === 'Client' && document.clientSecret) payload.client_secret = vault.decrypt(document.clientSecret, clientSecretContext(document._id));
      if (document.sealedJti) payload.jti = vault.decrypt(document.sealedJti, jtiContext(this.model, document._id));
      if (document.consumedAt) {
        const age = Date.now() - document.consumedAt.getTime();
        const grace = this.model === 'RefreshToken' ? options.refreshGraceSeconds * 1000 : 0;
        if (age >= grace) payload.consumed = Math.floor(document.consumedAt.getTime() / 1000);
      }
      return payload;
    }
  };
}

/** Indexes for every model's collection; TTL where the server honours it, lookups by grant/uid/user code. */
export async function ensureOAuthIndexes(db: mongo.Db): Promise<void> {
  for (const model of OAUTH_MODELS) {
    const collection = db.collection(oauthCollection(model));
    await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await collection.createIndex({ grantId: 1 }, { sparse: true });
    if (model === 'Session') await collection.createIndex({ uid: 1 }, { sparse: true });
    if (model === 'DeviceCode') await collection.createIndex({ userCode: 1 }, { sparse: true });
  }
  await db.collection(OAUTH_GRANTS).createIndex({ 'gantry.teamId': 1, 'gantry.userId': 1 });
  await db.collection(OAUTH_GRANTS).createIndex({ 'payload.clientId': 1 });
  await db.collection(OAUTH_REGISTRATION_ACCESS_TOKENS).createIndex({ 'payload.clientId': 1 });
  await db.collection(OAUTH_CLIENTS).createIndex({ 'payload.gantry_team_id': 1 }, { sparse: true });
}

/** Deletes documents of every model expired at `now`; returns how many went. */
export async function purgeExpired(db: mongo.Db, now = new Date()): Promise<number> {
  let removed = 0;
  for (const model of OAUTH_MODELS) {
    const result = await db.collection(oauthCollection(model)).deleteMany({ expiresAt: { $ne: null, $lte: now } });
    removed += result.deletedCount;
  }
  return removed;
}

/**
 * Ends grants (and every code and refresh token issued under them) matching `filter` on the
 * grant documents. Used by grant and client revocation, and by member removal in the teams module.
 */
export async function revokeGrants(db: mongo.Db, filter: mongo.Filter<OAuthStoredDocument>, onGrantDestroyed: (grantId: string) => void): Promise<number> {
  const grants = await db
    .collection<OAuthStoredDocument>(OAUTH_GRANTS)
    .find(filter, { projection: { _id: 1 } })
    .toArray();
  const ids = grants.map((grant) => grant._id);
  if (ids.length === 0) return 0;
  await Promise.all(
    OAUTH_MODELS.filter((model) => model !== 'Grant').map((model) => db.collection(oauthCollection(model)).deleteMany({ grantId: { $in: ids } })),
  );
  await db.collection<OAuthStoredDocument>(OAUTH_GRANTS).deleteMany({ _id: { $in: ids } });
  for (const id of ids) onGrantDestroyed(id);
  return ids.length;
}

/** Every vault-encrypted field of the OAuth store, for key rotation (VaultRotationService). */
export function oauthEncryptedCollections(): Array<{ collection: string; fields: string[]; context(id: unknown): string }> {
  return [
    { collection: OAUTH_CLIENTS, fields: ['clientSecret'], context: (id) => clientSecretContext(id) },
    ...OAUTH_MODELS.filter((model) => !PLAIN_ID_MODELS.has(model)).map((model) => ({
      collection: oauthCollection(model),
      fields: ['sealedJti'],
      context: (id: unknown) => jtiContext(model, id),
    })),
  ];
}
