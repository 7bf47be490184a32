import { describe, expect, it } from 'vitest';
import { RefreshAheadCache } from './refresh-ahead-cache';

/** A load the test settles by hand, counting how often it was started. */
function loads<V>() {
  const started: Array<{ resolve: (value: V) => void; reject: (error: unknown) => void }> = [];
  const load = () => new Promise<V>((resolve, reject) => started.push({ resolve, reject }));
  return { load, started };
}

function cache() {
  const clock = { now: 1_000 };
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const subject = new RefreshAheadCache<string, string>({ ttlMs: 5_000, refreshAfterMs: 4_000, what: 'the policy of team', logger, now: () => clock.now });
  return { subject, clock, warnings };
}

/** A cache holding 'v1' for 'team', loaded at the clock's start. */
async function primed(subject: RefreshAheadCache<string, string>) {
  const { load, started } = loads<string>();
  const initial = subject.get('team', load);
  started[0]!.resolve('v1');
  await initial;
  return { load, started };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RefreshAheadCache', () => {
  it('shares one load between concurrent callers of a missing key, then serves the value without loading', async () => {
    const { subject } = cache();
    const { load, started } = loads<string>();
    const first = subject.get('team', load);
    const second = subject.get('team', load);
    await tick();
    expect(started).toHaveLength(1);
    started[0]!.resolve('v1');
    expect(await Promise.all([first, second])).toEqual(['v1', 'v1']);
    expect(await subject.get('team', load)).toBe('v1');
    expect(started).toHaveLength(1);
  });

  it('past refreshAfterMs serves the current value at once and replaces it with one background load', async () => {
    const { subject, clock } = cache();
    const { load, started } = await primed(subject);
    clock.now += 4_500;
    expect(await subject.get('team', load)).toBe('v1'); // not waiting for the refresh
    expect(await subject.get('team', load)).toBe('v1');
    expect(started).toHaveLength(2); // one refresh, however many callers
    started[1]!.resolve('v2');
    await tick();
    expect(await subject.get('team', load)).toBe('v2');
  });

  it('never serves a value older than ttlMs: an expired value makes the caller wait for a fresh one', async () => {
    const { subject, clock } = cache();
    const { load, started } = await primed(subject);
    clock.now += 5_000;
    let settled: string | undefined;
    const next = subject.get('team', load).then((value) => (settled = value));
    await tick();
    expect(settled).toBeUndefined();
    started[1]!.resolve('v2');
    await next;
    expect(settled).toBe('v2');
  });

  it('ages a value from when its load started, so a slow load does not stretch the TTL', async () => {
    const { subject, clock } = cache();
    const { load, started } = loads<string>();
    const initial = subject.get('team', load);
    clock.now += 3_000; // the database took 3 s to answer
    started[0]!.resolve('v1');
    await initial;
    clock.now += 2_000; // 5 s after the read began
    void subject.get('team', load);
    await tick();
    expect(started).toHaveLength(2);
  });

  it('keeps the current value when a background load fails, reports it, and tries again on the next call', async () => {
    const { subject, clock, warnings } = cache();
    const { load, started } = await primed(subject);
    clock.now += 4_500;
    expect(await subject.get('team', load)).toBe('v1');
    started[1]!.reject(new Error('database unreachable'));
    await tick();
    expect(warnings).toEqual(['Could not refresh the policy of team team; the current one stays in use until it expires: database unreachable']);
    expect(await subject.get('team', load)).toBe('v1');
    expect(started).toHaveLength(3);
  });

  it('passes a failed awaited load to its callers and caches nothing', async () => {
    const { subject } = cache();
    const { load, started } = loads<string>();
    const failing = subject.get('team', load);
    started[0]!.reject(new Error('not found'));
    await expect(failing).rejects.toThrow('not found');
    const retry = subject.get('team', load);
    expect(started).toHaveLength(2);
    started[1]!.resolve('v1');
    expect(await retry).toBe('v1');
  });

  it('delete drops the value and the result of a load already running', async () => {
    const { subject } = cache();
    const { load, started } = loads<string>();
    const before = subject.get('team', load);
    subject.delete('team');
    started[0]!.resolve('stale');
    expect(await before).toBe('stale'); // its own caller still gets an answer
    const after = subject.get('team', load);
    expect(started).toHaveLength(2); // but it was not cached
    started[1]!.resolve('fresh');
    expect(await after).toBe('fresh');
    expect(subject.peek('team')).toBe('fresh');
    subject.delete('team');
    expect(subject.peek('team')).toBeUndefined();
  });

  it('refuses a refresh point outside (0, ttlMs)', () => {
    expect(() => new RefreshAheadCache({ ttlMs: 5_000, refreshAfterMs: 5_000, what: 'x' })).toThrow(RangeError);
    expect(() => new RefreshAheadCache({ ttlMs: 5_000, refreshAfterMs: 0, what: 'x' })).toThrow(RangeError);
  });
});
