import { spawn } from 'node:child_process';
import { DomainError } from '../common/domain-error';
import type { AllowedUrl } from './repo-url-guard';

export interface GitAuth {
  username: string;
  token: string;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs git with a locked-down configuration: http(s) only, no redirects, no prompts, no system or
 * user config, the connection pinned to the address the SSRF check approved, and credentials
 * passed as an HTTP header through environment config (never on the command line, in a URL,
 * label or log line).
 */
export function runGit(args: string[], options: { cwd?: string; auth?: GitAuth | null; pin?: AllowedUrl; timeoutMs?: number } = {}): Promise<GitResult> {
  const config: Array<[string, string]> = [
    ['protocol.allow', 'never'],
    ['protocol.https.allow', 'always'],
    ['protocol.http.allow', 'always'],
    ['http.followRedirects', 'false'],
    ['core.hooksPath', '/dev/null'],
    ['advice.detachedHead', 'false'],
  ];
  if (options.pin && options.pin.url.hostname)
    config.push(['http.curloptResolve', `${options.pin.url.hostname.replace(/^\[|\]$/g, '')}:${options.pin.port}:${options.pin.address}`]);
  if (options.auth)
    config.push(['http.extraHeader', `Authorization: Basic ${Buffer.from(`${options.auth.username}:${options.auth.token}`).toString('base64')}`]);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: '/bin/false',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', () => {
      clearTimeout(timer);
      reject(new DomainError('WORKSPACES_UNAVAILABLE', 'git is not installed on the Gantry server'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr: redact(stderr, options.auth) });
    });
  });
}

function redact(text: string, auth?: GitAuth | null): string {
  return auth ? text.split(auth.token).join('****') : text;
}

/** The first line of git's complaint, without anything credential-like, for an error message. */
export function gitFailure(result: GitResult): string {
  const line =
    result.stderr
      .split('\n')
      .map((entry) => entry.replace(/^(fatal|error):\s*/, '').trim())
      .find(Boolean) ?? 'git failed';
  return line.replace(/https?:\/\/[^\s@]+@/g, 'https://').slice(0, 300);
}
