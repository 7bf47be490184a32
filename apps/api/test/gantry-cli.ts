import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp } from './test-app';

const ROOT = join(__dirname, '../../..');
const GANTRY_BIN = join(ROOT, 'apps/cli/bin/gantry.mjs');

/** Builds the CLI and the API's admin process (Nx caches both): the suites run the real `gantry`. */
export function buildGantryCli(): void {
  execFileSync('npx', ['nx', 'run', 'cli:build', '--outputStyle=static'], { cwd: ROOT, stdio: 'ignore', timeout: 600_000 });
}

export interface GantryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A `gantry` session against a test app: every command runs as a child process with the app's
 * environment (its database and encryption key, as an operator on the API's machine has), from a
 * directory of its own, and goes into a transcript printed when GANTRY_TEST_LOG is set.
 */
export class GantrySession {
  readonly home = mkdtempSync(join(tmpdir(), 'gantry-cli-'));
  readonly transcript: string[] = [];

  constructor(
    private readonly app: TestApp,
    private readonly env: Record<string, string> = {},
  ) {}

  /** The settings of the API process, as the CLI's admin commands must see them. */
  apiEnvironment(): Record<string, string> {
    const config = this.app.config;
    return {
      NODE_ENV: 'test',
      MONGODB_URI: config.MONGODB_URI,
      JWT_SECRET: config.JWT_SECRET,
      COOKIE_SECRET: config.COOKIE_SECRET,
      ENCRYPTION_KEY: config.ENCRYPTION_KEY,
      ODOO_ALLOWED_HOSTS: '127.0.0.1',
      PUBLIC_URL: config.PUBLIC_URL,
    };
  }

  run(args: string[], env: Record<string, string> = {}): Promise<GantryRun> {
    const child = spawn(process.execPath, [GANTRY_BIN, ...args], {
      cwd: this.home,
      env: { PATH: process.env.PATH ?? '', HOME: this.home, GANTRY_URL: this.app.baseUrl, ...this.apiEnvironment(), ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        this.transcript.push(`$ gantry ${args.join(' ')}`, ...[stdout, stderr].map((text) => text.trimEnd()).filter(Boolean), `[exit ${code}]`);
        if (process.env.GANTRY_TEST_LOG) console.log(this.transcript.slice(-4).join('\n'));
        resolve({ code, stdout, stderr });
      });
    });
  }
}
