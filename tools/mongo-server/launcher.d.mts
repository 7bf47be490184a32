import type { ChildProcess } from 'node:child_process';

export interface ExitResult {
  code: number | null;
  signal: string | null;
}

export interface RunningMongoServer {
  /** `mongodb://127.0.0.1:<port>/` — append a database name. */
  uri: string;
  host: string;
  port: number;
  backend: 'memory' | 'h2';
  file?: string;
  process: ChildProcess;
  exited: Promise<ExitResult>;
  stop(): Promise<ExitResult>;
}

export interface StartMongoServerOptions {
  backend?: 'memory' | 'h2';
  file?: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  logLevel?: string;
  /** Its own process group: a terminal's Ctrl+C reaches only the parent, which stops it last. */
  detached?: boolean;
}

export const REPO_ROOT: string;
export const MONGO_SERVER_JAR: string;
export function ensureMongoServerJar(options?: { log?: (line: string) => void }): Promise<string>;
export function startMongoServer(options?: StartMongoServerOptions): Promise<RunningMongoServer>;
