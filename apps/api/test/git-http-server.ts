import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real git server for tests: git's own `git http-backend` (smart HTTP, shallow clones included)
 * behind HTTP Basic authentication, serving bare repositories from a temporary directory, plus a
 * working clone to commit and push from.
 */
export class GitHttpServer {
  readonly root = mkdtempSync(path.join(tmpdir(), 'gantry-git-'));
  private server?: http.Server;
  url = '';

  constructor(private readonly credentials: { username: string; token: string }) {}

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Creates `<name>.git` with an initial commit of `files` on `main`; returns a working clone directory. */
  createRepo(name: string, files: Record<string, string>): string {
    const bare = path.join(this.root, `${name}.git`);
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    execFileSync('git', ['-C', bare, 'config', 'http.receivepack', 'true']);
    const work = path.join(this.root, `${name}-work`);
    execFileSync('git', ['clone', '--quiet', bare, work], { stdio: 'ignore' });
    execFileSync('git', ['-C', work, 'checkout', '--quiet', '-b', 'main']);
    this.commit(work, files, 'initial');
    return work;
  }

  commit(work: string, files: Record<string, string>, message: string): string {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      writeFileSync(path.join(work, file), content);
    }
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', work, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' });
    git('add', '-A');
    git('commit', '--quiet', '-m', message);
    git('push', '--quiet', 'origin', 'HEAD:main');
    return git('rev-parse', 'HEAD').trim();
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.token}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        REMOTE_USER: this.credentials.username,
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(request.headers['content-encoding'] ?? ''),
      },
    });
    request.pipe(child.stdin);
    let buffer = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        response.write(chunk);
        return;
      }
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of buffer.subarray(0, end).toString().split('\r\n')) {
        const [key, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (key!.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else response.setHeader(key!, value);
      }
      response.writeHead(status);
      response.write(buffer.subarray(end + 4));
    });
    child.stdout.on('end', () => response.end());
  }
}

/**
 * A stand-in for the providers' "who am I" endpoints only (no internet here): GitHub `/user` and
 * GitLab `/api/v4/user` with a Bearer token, Bitbucket `/2.0/user` with Basic user:app-password.
 * 200 for the one token it knows, 401 otherwise.
 */
export async function startProviderUserApiTestDouble(token: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const bearer = request.headers.authorization === `Bearer ${token}`;
    const basic =
      request.headers.authorization?.startsWith('Basic ') && Buffer.from(request.headers.authorization.slice(6), 'base64').toString().endsWith(`:${token}`);
    const ok = ((request.url === '/user' || request.url === '/api/v4/user') && bearer) || (request.url === '/2.0/user' && basic);
    if (ok) response.writeHead(200, { 'content-type': 'application/json' }).end('{"login":"octocat"}');
    else response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
