/**
 * A cache for values that must never be served older than `ttlMs` (measured from when their load
 * started), which keeps busy keys fresh without making a request wait: once a value is older than
 * `refreshAfterMs` it is still served, and one background load replaces it. Only a missing or
 * expired value makes the caller wait, and concurrent callers share that one load.
 *
 * A failed background load leaves the current value in place until it expires (it is still within
 * its TTL) and is logged as a warning; a failed awaited load reaches its callers and caches nothing.
 */
export class RefreshAheadCache<K, V> {
  private readonly entries = new Map<K, { value: V; loadedAt: number }>();
  private readonly loading = new Map<K, Promise<V>>();

  constructor(
    private readonly options: {
      ttlMs: number;
      refreshAfterMs: number;
      /** What a value is, for the warning about a failed background load, e.g. "the MCP policy of team". */
      what: string;
      logger?: { warn(message: string): void };
      now?: () => number;
    },
  ) {
    if (!(options.refreshAfterMs > 0 && options.refreshAfterMs < options.ttlMs)) {
      throw new RangeError('refreshAfterMs must be greater than 0 and less than ttlMs');
    }
  }

  /** The value for `key`; `load` reads it afresh when needed (the first caller's `load` is the one used). */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      const age = this.now() - entry.loadedAt;
      if (age < this.options.ttlMs) {
        if (age >= this.options.refreshAfterMs && !this.loading.has(key)) {
          this.load(key, load).catch((error: unknown) =>
            this.options.logger?.warn(
              `Could not refresh ${this.options.what} ${String(key)}; the current one stays in use until it expires: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        }
        return entry.value;
      }
      this.entries.delete(key);
    }
    return this.load(key, load);
  }

  /** The value held for `key`, however old, without loading anything. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Drops the value, and the result of any load already running for it. */
  delete(key: K): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  private load(key: K, load: () => Promise<V>): Promise<V> {
    const running = this.loading.get(key);
    if (running) return running;
    const startedAt = this.now();
    const pending: Promise<V> = load()
      .then((value) => {
        if (this.loading.get(key) === pending) this.entries.set(key, { value, loadedAt: startedAt });
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === pending) this.loading.delete(key);
      });
    this.loading.set(key, pending);
    return pending;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}
