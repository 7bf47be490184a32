// Real-process tests of Gantry's embedded MongoDB wire-protocol server (tools/mongo-server),
// driven through tools/mongo-server/launcher.mjs and the real MongoDB Node driver. No mocks.
//
//   npx vitest run tools/mongo-server/restart.test.mjs
//
// The first run may build the jar with Maven (needs java + mvn on PATH).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureMongoServerJar, startMongoServer } from '../../tools/mongo-server/launcher.mjs';

const LIB = fileURLToPath(new URL('./launcher.mjs', import.meta.url));
const DOCS = 500;
const TEST_TIMEOUT = 120_000;

const logs = [];
const log = (line) => logs.push(line);

/** Servers and clients still open; closed in afterAll even when an assertion fails midway. */
const openServers = new Set();
const openClients = new Set();
const tempDirs = [];

async function start(options) {
  const server = await startMongoServer({ log, ...options });
  openServers.add(server);
  return server;
}

async function stop(server) {
  const result = await server.stop();
  openServers.delete(server);
  return result;
}

async function connect(uri) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  openClients.add(client);
  return client;
}

async function disconnect(client) {
  await client.close();
  openClients.delete(client);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  // An exited process whose new parent has not reaped it yet is a zombie, not alive.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

beforeAll(async () => {
  // Builds the jar if it is missing or stale, so that the tests' own timings are about the server.
  await ensureMongoServerJar({ log });
}, 600_000);

afterAll(async () => {
  for (const client of openClients) await client.close().catch(() => {});
  for (const server of openServers) await server.stop().catch(() => {});
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('gantry mongo server, h2 backend', () => {
  it(
    'keeps 500 documents and a unique index across a clean stop (SIGTERM) and restart',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gantry-mongo-restart-'));
      tempDirs.push(dir);
      // a nested path: the server must create the parent directories itself
      const file = path.join(dir, 'data', 'nested', 'mongo.h2');

      // --- first run: write ---
      const first = await start({ backend: 'h2', file });
      expect(first.uri).toBe(`mongodb://127.0.0.1:${first.port}/`);
      expect(first.port).toBeGreaterThan(0);

      let client = await connect(`${first.uri}gantry_restart_test`);
      let items = client.db().collection('items');
      const docs = Array.from({ length: DOCS }, (_, n) => ({
        n,
        key: `key-${n}`,
        payload: { text: `document number ${n}`, even: n % 2 === 0 },
      }));
      const inserted = await items.insertMany(docs);
      expect(inserted.insertedCount).toBe(DOCS);
      await items.createIndex({ key: 1 }, { unique: true, name: 'key_unique' });
      await expect(items.insertOne({ n: -1, key: 'key-0' })).rejects.toMatchObject({ code: 11000 });
      await disconnect(client);

      const firstExit = await stop(first);
      // The JVM exits with 128+15 after running its shutdown hook on SIGTERM.
      expect(firstExit).toEqual({ code: 143, signal: null });
      expect(first.process.exitCode).toBe(143);
      expect(existsSync(file)).toBe(true);
      expect(logs).toContain(`gantry-mongo-server listening on 127.0.0.1:${first.port} backend=h2 file=${file}`);

      // --- second run on the same file: read back ---
      const second = await start({ backend: 'h2', file });
      client = await connect(`${second.uri}gantry_restart_test`);
      items = client.db().collection('items');

      expect(await items.countDocuments()).toBe(DOCS);
      const ns = (
        await items
          .find({}, { projection: { _id: 0, n: 1 } })
          .sort({ n: 1 })
          .toArray()
      ).map((d) => d.n);
      expect(ns).toEqual(Array.from({ length: DOCS }, (_, n) => n));
      // insertMany gave each document its _id; the stored documents come back whole, _id included
      const stored = await items.findOne({ key: 'key-321' });
      expect(stored._id.toHexString()).toBe(docs[321]._id.toHexString());
      expect(stored).toEqual(docs[321]);

      const indexes = await items.indexes();
      const unique = indexes.find((index) => index.name === 'key_unique');
      expect(unique).toMatchObject({ key: { key: 1 }, unique: true });

      await expect(items.insertOne({ n: -1, key: 'key-499' })).rejects.toMatchObject({ code: 11000 });
      await items.insertOne({ n: DOCS, key: `key-${DOCS}` }); // a new key is still accepted
      expect(await items.countDocuments()).toBe(DOCS + 1);

      await disconnect(client);
      expect(await stop(second)).toEqual({ code: 143, signal: null });
    },
    TEST_TIMEOUT,
  );
});

describe('gantry mongo server, memory backend', () => {
  it(
    'announces a wire version the driver accepts, and accepts a TTL index',
    async () => {
      const server = await start({ backend: 'memory' });
      const client = await connect(`${server.uri}gantry_memory_test`);
      const db = client.db();

      // The Node driver 7 refuses maxWireVersion < 9; we announce MongoDB 6.0.0 / wire 17.
      const handshake = await db.admin().command({ isMaster: 1 });
      expect(handshake.maxWireVersion).toBe(17);
      expect(handshake.maxWireVersion).toBeGreaterThanOrEqual(9);
      const buildInfo = await db.admin().command({ buildInfo: 1 });
      expect(buildInfo.version).toBe('6.0.0');

      const sessions = db.collection('sessions');
      const name = await sessions.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 });
      const ttl = (await sessions.indexes()).find((index) => index.name === name);
      expect(ttl).toMatchObject({ key: { createdAt: 1 }, expireAfterSeconds: 3600 });

      await sessions.insertOne({ createdAt: new Date(), user: 'alice' });
      expect(await sessions.countDocuments({ user: 'alice' })).toBe(1);

      await disconnect(client);
      expect(await stop(server)).toEqual({ code: 143, signal: null });
    },
    TEST_TIMEOUT,
  );

  it(
    'exits by itself when the parent process dies (stdin closes), leaving no orphan',
    async () => {
      // A parent Node process starts the server, reports the JVM's pid, then is SIGKILLed:
      // it cannot run any cleanup, so only --exit-on-stdin-close can stop the JVM.
      const parentSource = `
        const { startMongoServer } = await import(${JSON.stringify(LIB)});
        const server = await startMongoServer({ backend: 'memory', log: () => {} });
        console.log('JVM_PID=' + server.process.pid);
        setInterval(() => {}, 1000);
      `;
      const parent = spawn(process.execPath, ['--input-type=module', '-e', parentSource], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      parent.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      const jvmPid = await new Promise((resolve, reject) => {
        let stdout = '';
        parent.stdout.setEncoding('utf8').on('data', (chunk) => {
          stdout += chunk;
          const match = /JVM_PID=(\d+)/.exec(stdout);
          if (match) resolve(Number(match[1]));
        });
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code}): ${stderr}`)));
      });
      expect(isAlive(jvmPid)).toBe(true);

      parent.kill('SIGKILL');
      const deadline = Date.now() + 15_000;
      while (isAlive(jvmPid) && Date.now() < deadline) await delay(100);
      const orphanAlive = isAlive(jvmPid);
      if (orphanAlive) process.kill(jvmPid, 'SIGKILL');
      expect(orphanAlive).toBe(false);
    },
    TEST_TIMEOUT,
  );
});
