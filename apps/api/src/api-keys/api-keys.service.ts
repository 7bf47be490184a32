import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ApiKey,
  API_KEY_PREFIX,
  defaultApiKeyScopes,
  CreatedApiKey,
  CredentialNarrowing,
  Role,
  ROLE_SCOPES,
  Scope,
  scopesAllowedFor,
  TeamSummary,
  User,
} from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { TeamActor } from '../auth/actor';
import { describeActivity } from '../activity/activity-context';
import { fieldChanges } from '../activity/field-changes';
import { Authorization } from '../authorization/authorization.service';
import { forbidden, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { safeEqual, sha256Hex } from '../common/secrets';
import { TeamEvents } from '../teams/team-events';
import { MembershipsService } from '../teams/memberships.service';
import { CredentialCacheService } from '../credential-cache/credential-cache.service';
import { toUser, UsersService } from '../users/users.service';
import { apiKeyPrefixId, generateApiKey, isWellFormedApiKey } from './api-key-format';
import { ApiKeyDocument, ApiKeyRecord } from './api-key.schema';
import { NewApiKey } from './api-keys.dto';

/** A static key as stored (configuration as code compares it with the file). */
export interface StaticApiKey {
  id: string;
  teamId: string;
  userId: string;
  name: string;
  scopes: Scope[];
  tools: string[] | null;
  models: string[] | null;
  keyHash: string;
  revoked: boolean;
}

export interface StaticApiKeyInput {
  name: string;
  /** The key itself, from the environment; only its SHA-256 is stored. */
  secret: string;
  scopes: Scope[];
  tools: string[] | null;
  models: string[] | null;
}

/** How long last-used times wait in memory before one bulk write records them. */
export const LAST_USED_FLUSH_INTERVAL_MS = 5_000;

/** Who an API key speaks for, resolved afresh on every request (nothing is cached). */
export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
  teamId: string;
  scopes: Scope[];
  name: string;
  /** An admin's narrowing of the key to tools and models (null: none). */
  tools: string[] | null;
  models: string[] | null;
  /** The key's team and its owner's current role there, from the membership check. */
  team: TeamSummary;
  role: Role;
}

@Injectable()
export class ApiKeysService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeys');
  private pendingLastUsed = new Map<string, Date>();
  private flushTimer?: NodeJS.Timeout;

  constructor(
    @InjectModel(ApiKeyRecord.name) private readonly keys: Model<ApiKeyRecord>,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly cache: CredentialCacheService<ApiKeyPrincipal & { expiresAt: Date | null }>,
    private readonly authorization: Authorization,
    private readonly teamEvents: TeamEvents,
  ) {}

  onModuleInit(): void {
    this.flushTimer = setInterval(() => void this.flushLastUsed(), LAST_USED_FLUSH_INTERVAL_MS).unref();
    // A member's keys for a team end with their membership: re-inviting the person must not revive them.
    this.teamEvents.onMemberRemoved((teamId, userId) => this.revokeAllOf(teamId, userId));
  }

  private async revokeAllOf(teamId: string, userId: string): Promise<void> {
    const filter = { teamId: new Types.ObjectId(teamId), userId: new Types.ObjectId(userId), revokedAt: null };
    const revoked = await this.keys.find(filter, { _id: 1 }).lean().exec();
    await this.keys.updateMany(filter, { $set: { revokedAt: new Date() } }).exec();
    for (const key of revoked) this.cache.invalidateKey(key._id.toString());
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed();
  }

  /** Keys of the team that still work (not revoked, not expired); members count their own. */
  countActive(actor: TeamActor): Promise<number> {
    return this.keys
      .countDocuments({
        teamId: new Types.ObjectId(actor.team.id),
        revokedAt: null,
        $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }],
        ...this.ownUnlessManager(actor),
      })
      .exec();
  }

  /** Without apiKeys.manage a caller sees and acts on their own keys only. */
  private ownUnlessManager(actor: TeamActor): { userId?: Types.ObjectId } {
    return this.authorization.allows(actor, 'apiKeys.manage') ? {} : { userId: new Types.ObjectId(actor.user.id) };
  }

  /** Members see their own keys; whoever may revoke any key (owner, admin) sees the whole team's. */
  async list(actor: TeamActor, includeRevoked: boolean): Promise<ApiKey[]> {
    const keys = await this.keys
      .find({
        teamId: new Types.ObjectId(actor.team.id),
        ...this.ownUnlessManager(actor),
        ...(includeRevoked ? {} : { revokedAt: null }),
      })
      .sort({ createdAt: -1, _id: -1 })
      .exec();
    const ownerIds = [...new Set(keys.map((key) => key.userId.toString()))].map((id) => new Types.ObjectId(id));
    const owners = new Map((await this.users.findByIds(ownerIds)).map((user) => [user.id as string, toUser(user)]));
    return keys.flatMap((key) => {
      const owner = owners.get(key.userId.toString());
      return owner ? [toApiKey(key, owner)] : [];
    });
  }

  /** The secret is in this answer and nowhere else: only its SHA-256 is stored. */
  /** apiKeys.create is granted to dashboard sessions only: a leaked key cannot mint successors that outlive its revocation. */
  async create(actor: TeamActor, input: NewApiKey): Promise<CreatedApiKey> {
    const scopes = input.scopes ?? defaultApiKeyScopes(actor.role);
    const refused = scopes.filter((scope) => !ROLE_SCOPES[actor.role].includes(scope));
    if (refused.length > 0) throw forbidden(`Your role (${actor.role}) cannot give a key the ${refused.join(', ')} scope${refused.length > 1 ? 's' : ''}`);
    const secret = generateApiKey();
    const created = await this.keys.create({
      teamId: new Types.ObjectId(actor.team.id),
      userId: new Types.ObjectId(actor.user.id),
      name: input.name,
      prefixId: apiKeyPrefixId(secret),
      keyHash: sha256Hex(secret),
      scopes,
      tools: input.tools ?? null,
      models: input.models ?? null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    describeActivity({
      target: { id: created.id as string, label: created.name },
      details: { scopes: created.scopes, tools: created.tools, models: created.models, expiresAt: created.expiresAt },
    });
    return { ...toApiKey(created, actor.user), secret };
  }

  /** Revoking an already revoked key changes nothing and succeeds; a key of another team does not exist here. */
  async revoke(actor: TeamActor, keyId: string): Promise<void> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findOne({ _id: id, teamId: new Types.ObjectId(actor.team.id) }).exec() : null;
    if (!key) throw notFound('API key');
    describeActivity({ target: { label: key.name }, details: { owner: key.userId.toHexString() } });
    if (key.userId.toString() !== actor.user.id) {
      this.authorization.assert(actor, 'apiKeys.manage', 'revoke another member’s API key');
      describeActivity({ permission: 'apiKeys.manage' });
    }
    await this.keys.updateOne({ _id: key._id, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
    this.cache.invalidateKey(key._id.toString());
  }

  /**
   * An admin narrows a key of the team to chosen tools and models (or lifts that with null). A
   * narrowing can only take away: the key's scopes and its owner's role still apply on top.
   */
  async narrow(actor: TeamActor, keyId: string, narrowing: CredentialNarrowing): Promise<ApiKey> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findOne({ _id: id, teamId: new Types.ObjectId(actor.team.id) }).exec() : null;
    if (!key) throw notFound('API key');
    const update: Partial<Pick<ApiKeyRecord, 'tools' | 'models'>> = {};
    if (narrowing.tools !== undefined) update.tools = narrowing.tools;
    if (narrowing.models !== undefined) update.models = narrowing.models;
    const saved = await this.keys.findOneAndUpdate({ _id: key._id }, { $set: update }, { returnDocument: 'after' }).exec();
    this.cache.invalidateKey(key._id.toString());
    const owner = await this.users.findById(key.userId);
    if (!saved || !owner) throw notFound('API key');
    describeActivity({
      target: { label: key.name },
      changes: fieldChanges({ tools: key.tools ?? null, models: key.models ?? null }, { tools: saved.tools ?? null, models: saved.models ?? null }),
    });
    return toApiKey(saved, toUser(owner));
  }

  /** A key of the team, whoever owns it; callers decide who may see it. */
  async findInTeam(teamId: string, keyId: string): Promise<ApiKeyDocument> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findOne({ _id: id, teamId: new Types.ObjectId(teamId) }).exec() : null;
    if (!key) throw notFound('API key');
    return key;
  }

  /** One key of the team as the caller may see it (own keys; any key with apiKeys.manage). */
  async findVisible(actor: TeamActor, keyId: string): Promise<ApiKeyDocument> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findOne({ _id: id, teamId: new Types.ObjectId(actor.team.id), ...this.ownUnlessManager(actor) }).exec() : null;
    if (!key) throw notFound('API key');
    return key;
  }

  /**
   * Static keys of configuration as code: the key comes from the operator's environment, and like
   * a created key only its SHA-256 is stored. These act for the file, so they take ids, not an actor.
   */
  async findStatic(keyId: string): Promise<StaticApiKey | null> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findById(id).lean().exec() : null;
    if (!key) return null;
    return {
      id: key._id.toString(),
      teamId: key.teamId.toString(),
      userId: key.userId.toString(),
      name: key.name,
      scopes: key.scopes,
      tools: key.tools ?? null,
      models: key.models ?? null,
      keyHash: key.keyHash,
      revoked: key.revokedAt !== null,
    };
  }

  /** Whether a key with this hash exists anywhere (the hash index is unique), and if it still works. */
  async keyHashState(keyHash: string): Promise<'free' | 'active' | 'revoked'> {
    const key = await this.keys.findOne({ keyHash }, { revokedAt: 1 }).lean().exec();
    return key ? (key.revokedAt === null ? 'active' : 'revoked') : 'free';
  }

  async createStatic(teamId: string, userId: string, input: StaticApiKeyInput): Promise<string> {
    const created = await this.keys.create({ teamId: new Types.ObjectId(teamId), ...staticKeyFields(userId, input), expiresAt: null });
    return created.id as string;
  }

  async updateStatic(keyId: string, userId: string, input: StaticApiKeyInput): Promise<void> {
    await this.keys.updateOne({ _id: new Types.ObjectId(keyId) }, { $set: staticKeyFields(userId, input) }).exec();
    this.cache.invalidateKey(keyId);
  }

  async revokeStatic(keyId: string): Promise<void> {
    await this.keys.updateOne({ _id: new Types.ObjectId(keyId), revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
    this.cache.invalidateKey(keyId);
  }

  /**
   * The per-request check for the REST guard and the MCP gateway: one lookup by the unique hash
   * index, then the owner's membership — or the credential cache, which revocations, removals and
   * role changes invalidate before they answer (see CredentialCache). The last-used time is only queued.
   */
  async authenticate(rawKey: string): Promise<ApiKeyPrincipal | null> {
    if (!isWellFormedApiKey(rawKey)) return null;
    const keyHash = sha256Hex(rawKey);
    const cached = this.cache.get(keyHash);
    if (cached && (cached.expiresAt === null || cached.expiresAt > new Date())) {
      this.pendingLastUsed.set(cached.keyId, new Date());
      const { expiresAt: _expiresAt, ...principal } = cached;
      return principal;
    }
    const key = await this.keys.findOne({ keyHash }).lean().exec();
    if (!key || !safeEqual(keyHash, key.keyHash)) return null;
    const principal = await this.principalOf(key);
    if (!principal) return null;
    this.pendingLastUsed.set(principal.keyId, new Date());
    this.cache.set(
      keyHash,
      { ...principal, expiresAt: key.expiresAt },
      { keyId: principal.keyId, teamId: principal.teamId, userId: principal.userId },
      key.expiresAt,
    );
    return principal;
  }

  /**
   * Who a key speaks for now, by its id, read afresh (never from the cache): for running a call the
   * key asked for earlier and an admin approved since. Null once the key is revoked or expired, or
   * its owner left the team.
   */
  async principalById(keyId: string): Promise<ApiKeyPrincipal | null> {
    const id = parseObjectId(keyId);
    const key = id ? await this.keys.findById(id).lean().exec() : null;
    return key ? this.principalOf(key) : null;
  }

  private async principalOf(key: ApiKeyRecord & { _id: Types.ObjectId }): Promise<ApiKeyPrincipal | null> {
    if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= new Date())) return null;
    const access = await this.memberships.resolveAccess(key.teamId.toString(), key.userId.toString());
    if (!access) return null;
    return {
      keyId: key._id.toString(),
      userId: key.userId.toString(),
      teamId: key.teamId.toString(),
      // What the key was given, as far as the owner's role allows today (a demotion narrows it at once).
      scopes: scopesAllowedFor(access.role, key.scopes),
      name: key.name,
      tools: key.tools ?? null,
      models: key.models ?? null,
      team: access.team,
      role: access.role,
    };
  }

  /**
   * Writes the queued last-used times in one unordered bulk write. `$max` keeps the newest time
   * when replicas flush out of order; a failed batch goes back in the queue for the next flush.
   */
  async flushLastUsed(): Promise<void> {
    if (this.pendingLastUsed.size === 0) return;
    const batch = this.pendingLastUsed;
    this.pendingLastUsed = new Map();
    try {
      await this.keys.bulkWrite(
        [...batch].map(([id, usedAt]) => ({
          updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $max: { lastUsedAt: usedAt } } },
        })),
        { ordered: false },
      );
    } catch (error) {
      for (const [id, usedAt] of batch) if (!this.pendingLastUsed.has(id)) this.pendingLastUsed.set(id, usedAt);
      this.logger.warn(`Could not record the last use of ${batch.size} API key(s), will retry: ${error instanceof Error ? error.message : 'unknown error'}`);
    }
  }
}

/** What a static key's record holds; the key itself only as its SHA-256 and visible prefix. */
function staticKeyFields(userId: string, input: StaticApiKeyInput) {
  return {
    userId: new Types.ObjectId(userId),
    name: input.name,
    prefixId: apiKeyPrefixId(input.secret),
    keyHash: sha256Hex(input.secret),
    scopes: input.scopes,
    tools: input.tools,
    models: input.models,
  };
}

function toApiKey(key: ApiKeyDocument, owner: User): ApiKey {
  return {
    id: key.id as string,
    name: key.name,
    prefix: `${API_KEY_PREFIX}${key.prefixId}`,
    scopes: key.scopes,
    tools: key.tools ?? null,
    models: key.models ?? null,
    owner: { id: owner.id, name: owner.name, email: owner.email },
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
