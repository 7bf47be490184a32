import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AdminRequest, adminMessageSchema, CLI_EXIT_CODES } from '@gantry/contracts';
import { CliError } from './cli-error';
import { ProgressDisplay } from './progress-display';

/** The API's admin entry point, built beside this CLI (apps/api/dist). */
const ADMIN_ENTRY = join(__dirname, '../../api/dist/admin-commands/admin-commands.js');

/**
 * Runs a database command in the API's admin process (same environment, same .env as the API),
 * shows its progress, and returns its result or throws its error. The CLI never opens the
 * database itself: the API's services do the work, with the API's checks and its vault.
 */
export function runAdminCommand(request: AdminRequest, options: { progress: boolean; env?: Record<string, string> }): Promise<unknown> {
  if (!existsSync(ADMIN_ENTRY)) throw new CliError('the API is not built; run: npx nx run cli:build', 'NOT_BUILT');
  const child = spawn(process.execPath, [ADMIN_ENTRY, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const progress = new ProgressDisplay(options.progress);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      progress.stop();
      action();
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = adminMessageSchema.safeParse(safeJson(line));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'progress') progress.update(message.done, message.total, message.label);
      else if (message.type === 'result') settle(() => resolve(message.data));
      else
        settle(() =>
          reject(new CliError(message.message, message.code, message.usage ? CLI_EXIT_CODES.usage : CLI_EXIT_CODES.failure, message.problems ?? [])),
        );
    });
    child.on('error', (error) => settle(() => reject(new CliError(`cannot start the admin process: ${error.message}`, 'ADMIN_FAILED'))));
    child.on('close', (code) => settle(() => reject(new CliError(`the admin process ended (exit code ${code}) without an answer`, 'ADMIN_FAILED'))));
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
