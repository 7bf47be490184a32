import { Types } from 'mongoose';
import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditWriter, AuditWriterOptions, PendingAuditLog } from './audit-writer';

/**
 * Failure paths of the writer. A real MongoDB-wire server cannot be made to fail one insertMany on
 * demand, so the collection here is a test double that does; the e2e suites cover the real server.
 */
type InsertMany = (documents: Array<PendingAuditLog & { expiresAt: Date }>) => Promise<unknown>;

function writerOver(insertMany: InsertMany, options: Partial<AuditWriterOptions> = {}, retentionDays = async () => 30) {
  const collectionTestDouble = { collectionName: 'audit_logs', insertMany: vi.fn(insertMany) };
  const teams = { auditRetentionDays: vi.fn(retentionDays) };
  const writer = new AuditWriter({ collection: collectionTestDouble } as never, teams as never, { retryDelayMs: 1, ...options });
  return { writer, insertMany: collectionTestDouble.insertMany, teams };
}

const teamId = new Types.ObjectId();
function pending(time = new Date('2025-03-01T00:00:00Z')): PendingAuditLog {
  return {
    _id: new Types.ObjectId(),
    teamId,
    time,
    tool: 'search_read',
    model: 'res.partner',
    status: 'success',
    durationMs: 3,
    userId: new Types.ObjectId(),
    userName: null,
    userEmail: null,
    credential: { type: 'api_key', id: 'k1', label: null },
    mcpSessionId: null,
    requestId: null,
    params: {},
    result: null,
    resultTruncated: false,
    error: null,
  };
}

const bulkError = (writeErrors: Array<{ index: number; code: number }>) => Object.assign(new Error('bulk write failed'), { writeErrors });

describe('AuditWriter', () => {
  beforeAll(() => Logger.overrideLogger(false)); // the failures below are expected; their logs are noise here

  it('writes in inserts of recordsPerInsert, each with the team retention as expiresAt', async () => {
    const { writer, insertMany, teams } = writerOver(async () => undefined, { recordsPerInsert: 500 });
    const time = new Date('2025-03-01T00:00:00Z');
    for (let index = 0; index < 1200; index += 1) writer.enqueue(pending(time));
    await writer.flush();
    expect(insertMany.mock.calls.map(([documents]) => documents.length)).toEqual([500, 500, 200]);
    expect(insertMany.mock.calls[0]![0][0]!.expiresAt).toEqual(new Date('2025-03-31T00:00:00Z'));
    expect(teams.auditRetentionDays).toHaveBeenCalledTimes(1); // cached for the following batches
    expect(writer.counters()).toMatchObject({ enqueued: 1200, written: 1200, failed: 0, dropped: 0, queued: 0 });
  });

  it('starts a write as soon as batchSize records wait, sent in inserts of recordsPerInsert', async () => {
    const { writer, insertMany } = writerOver(async () => undefined, { flushIntervalMs: 60_000, batchSize: 120, recordsPerInsert: 50 });
    for (let index = 0; index < 119; index += 1) writer.enqueue(pending());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(insertMany).not.toHaveBeenCalled();
    writer.enqueue(pending());
    await vi.waitFor(() => expect(writer.counters().written).toBe(120), { timeout: 1000 });
    expect(insertMany.mock.calls.map(([documents]) => documents.length)).toEqual([50, 50, 20]);
  });

  it('writes on its own within the flush interval', async () => {
    const { writer, insertMany } = writerOver(async () => undefined, { flushIntervalMs: 20 });
    writer.enqueue(pending());
    expect(insertMany).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(writer.counters().written).toBe(1), { timeout: 1000 });
  });

  it('retries a failed batch once, and counts it written when the retry lands', async () => {
    let calls = 0;
    const { writer } = writerOver(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection reset');
    });
    for (let index = 0; index < 10; index += 1) writer.enqueue(pending());
    await writer.flush();
    expect(writer.counters()).toMatchObject({ written: 10, failed: 0, retried: 1 });
  });

  it('counts a batch that fails twice as failed, and carries on with the next', async () => {
    let calls = 0;
    const { writer } = writerOver(
      async () => {
        calls += 1;
        if (calls <= 2) throw new Error('not primary');
      },
      { recordsPerInsert: 5 },
    );
    for (let index = 0; index < 8; index += 1) writer.enqueue(pending());
    await writer.flush();
    expect(writer.counters()).toMatchObject({ enqueued: 8, written: 3, failed: 5, retried: 1 });
  });

  it('retries only what did not land: duplicates of an earlier attempt count as written', async () => {
    const attempts: number[] = [];
    const { writer, insertMany } = writerOver(async (documents) => {
      attempts.push(documents.length);
      if (attempts.length === 1)
        throw bulkError([
          { index: 1, code: 121 },
          { index: 3, code: 11000 },
        ]);
    });
    const records = Array.from({ length: 4 }, () => pending());
    for (const record of records) writer.enqueue(record);
    await writer.flush();
    expect(attempts).toEqual([4, 1]);
    expect(insertMany.mock.calls[1]![0][0]!._id).toEqual(records[1]!._id);
    expect(writer.counters()).toMatchObject({ written: 4, failed: 0, retried: 1 });
  });

  it('drops beyond the queue bound, counts the drops, and keeps what it queued', async () => {
    const { writer } = writerOver(async () => undefined, { maxQueue: 10, batchSize: 100 });
    for (let index = 0; index < 15; index += 1) writer.enqueue(pending());
    expect(writer.counters()).toMatchObject({ enqueued: 10, dropped: 5, queued: 10 });
    await writer.flush();
    expect(writer.counters()).toMatchObject({ written: 10, queued: 0 });
  });

  it('falls back to the default retention when the team cannot be read', async () => {
    const { writer, insertMany } = writerOver(
      async () => undefined,
      {},
      async () => {
        throw new Error('db down');
      },
    );
    writer.enqueue(pending(new Date('2025-01-01T00:00:00Z')));
    await writer.flush();
    expect(insertMany.mock.calls[0]![0][0]!.expiresAt).toEqual(new Date('2025-04-01T00:00:00Z'));
  });
});
