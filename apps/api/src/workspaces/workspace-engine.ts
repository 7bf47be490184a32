import { Inject, Injectable, Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { PassThrough, Readable } from 'node:stream';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

export const LABEL = {
  managed: 'gantry.managed',
  team: 'gantry.team',
  teamId: 'gantry.team-id',
  workspace: 'gantry.workspace',
  workspaceId: 'gantry.workspace-id',
  repo: 'gantry.repo',
  branch: 'gantry.branch',
  image: 'gantry.image',
  template: 'gantry.template',
  createdAt: 'gantry.created-at',
  role: 'gantry.role',
} as const;

export interface ExecOutcome {
  exitCode: number;
  output: string;
  truncated: boolean;
}

const PING_CACHE_MS = 5_000;
const OUTPUT_LIMIT = 256 * 1024;

export function dockerOptions(dockerHost: string): Docker.DockerOptions {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

/**
 * The one door to the Docker-compatible engine. Every caller goes through `require()`, which
 * answers WORKSPACES_UNAVAILABLE (503) when the feature is off or the engine does not answer, so
 * the rest of Gantry never depends on an engine being there.
 */
@Injectable()
export class WorkspaceEngine {
  readonly docker: Docker;
  private readonly logger = new Logger('Workspaces');
  private lastPing: { at: number; ok: boolean } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.docker = new Docker({ ...dockerOptions(config.DOCKER_HOST), timeout: 120_000 });
  }

  async available(): Promise<boolean> {
    if (!this.config.WORKSPACES_ENABLED) return false;
    if (this.lastPing && Date.now() - this.lastPing.at < PING_CACHE_MS) return this.lastPing.ok;
    const ok = await Promise.race([
      this.docker.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000).unref()),
    ]);
    if (this.lastPing?.ok !== ok) {
      if (ok) this.logger.log(`container engine reachable at ${this.config.DOCKER_HOST}`);
      else this.logger.warn(`no container engine answers at ${this.config.DOCKER_HOST}; workspaces are unavailable`);
    }
    this.lastPing = { at: Date.now(), ok };
    return ok;
  }

  async require(): Promise<Docker> {
    if (!this.config.WORKSPACES_ENABLED) throw new DomainError('WORKSPACES_UNAVAILABLE', 'Workspaces are turned off on this server (WORKSPACES_ENABLED=false)');
    if (!(await this.available())) {
      throw new DomainError(
        'WORKSPACES_UNAVAILABLE',
        "Workspaces are unavailable: no container engine answers at the configured DOCKER_HOST. Ask your administrator to start Docker (or Podman's API service).",
      );
    }
    return this.docker;
  }

  forgetPing(): void {
    this.lastPing = null;
  }

  async inspectContainer(name: string): Promise<Docker.ContainerInspectInfo | null> {
    try {
      return await this.docker.getContainer(name).inspect();
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async inspectNetwork(name: string): Promise<Docker.NetworkInspectInfo | null> {
    try {
      return (await this.docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** Pulls an image the engine does not have; a failed pull is the caller's bad input (unknown image). */
  async ensureImage(image: string): Promise<void> {
    if (await this.imageExists(image)) return;
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) => this.docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
    } catch {
      // reported below: some engines end a failed pull's stream without an error
    }
    if (!(await this.imageExists(image))) throw new DomainError('WORKSPACE_OPERATION_FAILED', `Image ${image} is not on the engine and could not be pulled`);
  }

  /** Runs a command in a running container; output is demultiplexed, bounded, and ANSI-free. */
  async exec(containerName: string, command: string[], options: { stdin?: string; timeoutMs?: number; user?: string } = {}): Promise<ExecOutcome> {
    const container = this.docker.getContainer(containerName);
    const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true, AttachStdin: options.stdin !== undefined, User: options.user });
    const stream = await exec.start({ hijack: options.stdin !== undefined, stdin: options.stdin !== undefined });
    const collector = new OutputCollector();
    this.docker.modem.demuxStream(stream, collector.sink(), collector.sink());
    if (options.stdin !== undefined) {
      stream.write(options.stdin);
      (stream as unknown as { end(): void }).end();
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => {
        stream.on('end', () => resolve(true));
        stream.on('close', () => resolve(true));
        stream.on('error', () => resolve(true));
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      (stream as unknown as { destroy(): void }).destroy();
      return { exitCode: 124, output: `${collector.text()}\n[timed out after ${Math.round(timeoutMs / 1000)} s]`, truncated: collector.truncated };
    }
    let exitCode: number | null = null;
    for (let attempt = 0; attempt < 20 && exitCode === null; attempt += 1) {
      const info = await exec.inspect();
      if (!info.Running) exitCode = info.ExitCode ?? 0;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { exitCode: exitCode ?? 0, output: collector.text(), truncated: collector.truncated };
  }

  async logs(containerName: string, tail: number): Promise<string[]> {
    const container = this.docker.getContainer(containerName);
    const buffer = (await container.logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demuxBuffer(buffer)
      .split('\n')
      .filter((line) => line.length > 0);
  }

  async putArchive(containerName: string, path: string, tar: Readable | Buffer): Promise<void> {
    await this.docker.getContainer(containerName).putArchive(tar, { path });
  }

  async getArchive(containerName: string, path: string): Promise<Readable> {
    return (await this.docker.getContainer(containerName).getArchive({ path })) as unknown as Readable;
  }
}

class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  sink(): PassThrough {
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => {
      if (this.size >= OUTPUT_LIMIT) {
        this.truncated = true;
        return;
      }
      this.chunks.push(chunk);
      this.size += chunk.length;
    });
    return sink;
  }

  text(): string {
    return stripAnsi(Buffer.concat(this.chunks).toString('utf8').slice(0, OUTPUT_LIMIT));
  }
}

/** Docker multiplexes stdout/stderr in 8-byte-header frames unless the container has a TTY. */
export function demuxBuffer(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && (buffer[offset] === 1 || buffer[offset] === 2 || buffer[offset] === 0) && buffer[offset + 1] === 0) {
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return stripAnsi((offset === 0 ? buffer : Buffer.concat(parts)).toString('utf8'));
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error as { statusCode: unknown }).statusCode) : undefined;
}
