// Child processes for npm start and the end-to-end suites: start, wait until healthy, stop cleanly.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a long-running process; its output goes to `log` line by line with a prefix. `detached`:
 * its own process group, so a terminal's Ctrl+C reaches only the parent, which stops it in order.
 */
export function startProcess(name, command, args, { env = {}, cwd, log = console.log, quiet = false, detached = false } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached });
  const tail = [];
  const onData = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      if (!quiet) log(`[${name}] ${line}`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    child,
    exited,
    tail: () => tail.join('\n'),
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Polls `url` until it answers 2xx; fails early with the process's output if it exits first. */
export async function waitForHttp(url, processHandle, { timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  processHandle?.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${processHandle.name} exited before ${url} answered:\n${processHandle.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s${processHandle ? `:\n${processHandle.tail()}` : ''}`);
}

/** The fields of /proc/<pid>/stat after the command name (state first), or null when there is no such process. */
function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Whether `pid` is a process that still runs: a zombie (killed, not yet reaped by its parent) does not. */
export function isRunning(pid) {
  const state = pid > 0 ? procStat(pid)?.[0] : undefined;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** When `pid` started (clock ticks since boot): with the pid, it names a process even after pids are reused. */
export const processStartTime = (pid) => procStat(pid)?.[19] ?? null;
