import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AdminMessage, adminRequestSchema } from '@gantry/contracts';
import { existsSync } from 'node:fs';
import { AppModule } from '../app.module';
import { DomainError } from '../common/domain-error';
import { ConfigFileError } from '../config-as-code/config-file-error';
import { describeConfigError, loadConfig } from '../config/load-config';
import { runAdminCommand } from './admin-command-runner';
import { AdminUsageError } from './admin-usage-error';
import { StderrLogger } from './stderr-logger';

/**
 * The database side of the `gantry` CLI (config apply, users create, vault rotate, audit purge):
 * run by the CLI as `node apps/api/dist/admin-commands/admin-commands.js '<request JSON>'` with the
 * API's own environment, it answers in JSON lines on standard output (libs/contracts cli.ts).
 * The CLI stays a separate project that never imports the API's code.
 */
function send(message: AdminMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const request = adminRequestSchema.safeParse(safeJson(process.argv[2]));
  if (!request.success) return send({ type: 'error', code: 'USAGE', message: `bad admin request: ${request.error.issues[0]?.message}`, usage: true });
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    return send({ type: 'error', code: 'SETTINGS_INVALID', message: describeConfigError(error) });
  }
  // The file is applied by the command itself (and only when asked); workspaces need no engine here.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, GANTRY_CONFIG: undefined, WORKSPACES_ENABLED: false }), {
    logger: new StderrLogger(),
  });
  try {
    const data = await runAdminCommand(app, request.data, (done, total, label) => send({ type: 'progress', done, total, label }));
    send({ type: 'result', command: request.data.command, data });
  } catch (error) {
    send(describeFailure(error));
  } finally {
    await app.close();
  }
}

function describeFailure(error: unknown): AdminMessage {
  if (error instanceof ConfigFileError) return { type: 'error', code: error.code, message: `${error.file}: cannot be applied`, problems: error.problems };
  if (error instanceof AdminUsageError) return { type: 'error', code: 'USAGE', message: error.message, usage: true };
  if (error instanceof DomainError) return { type: 'error', code: error.code, message: error.message };
  // Unknown failures: the class and message only, never a stack or the data that caused them.
  return { type: 'error', code: 'INTERNAL', message: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure' };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  send(describeFailure(error));
  process.exitCode = 1;
});
