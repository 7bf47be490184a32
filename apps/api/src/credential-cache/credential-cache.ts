/**
 * Resolved credentials (API key → key, user, team, role), cached so the MCP hot path does not
 * read the database on every call. Correctness rests on invalidation, never on expiry:
 * - `local`: one API process; every revocation, removal or role change goes through it and
 *   invalidates here before it answers, so the very next request sees it.
 * - `change-stream`: several replicas; each watches api_keys, memberships and teams in MongoDB
 *   (replica set required) and drops its cache on any change, so revocation holds on every replica.
 * - `off`: no cache, every request reads the database.
 * The TTL is only a safety net against a missed event.
 */
export type CredentialCacheMode = 'local' | 'change-stream' | 'off';

interface Entry<T> {
  value: T;
  keyId: string;
  teamId: string;
  userId: string;
  expiresAt: number;
}

export class CredentialCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private currentMode: CredentialCacheMode,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  get mode(): CredentialCacheMode {
    return this.currentMode;
  }

  get enabled(): boolean {
    return this.currentMode !== 'off';
  }

  /** Stops caching for good (e.g. when the invalidation feed is lost): stale credentials are never served. */
  disable(): void {
    this.currentMode = 'off';
    this.clear();
  }

  get(hash: string): T | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  set(hash: string, value: T, owner: { keyId: string; teamId: string; userId: string }, validUntil?: Date | null): void {
    if (!this.enabled) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const expiresAt = Math.min(Date.now() + this.ttlMs, validUntil ? validUntil.getTime() : Infinity);
    this.entries.set(hash, { value, ...owner, expiresAt });
  }

  invalidateKey(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.keyId === keyId) this.entries.delete(hash);
  }

  invalidateMember(teamId: string, userId: string): void {
    for (const [hash, entry] of this.entries) if (entry.teamId === teamId && entry.userId === userId) this.entries.delete(hash);
  }

  invalidateTeam(teamId: string): void {
    for (const [hash, entry] of this.entries) if (entry.teamId === teamId) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
