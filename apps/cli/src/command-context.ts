import { Command } from 'commander';
import { ApiClient } from './api-client';
import { apiSettings, requireKey } from './api-settings';
import { CliOutput } from './cli-output';

/** Options every command takes (declared on the program, given before or after the command). */
export interface GlobalOptions {
  url?: string;
  keyEnv?: string;
  team?: string;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Each command has its own --json (output for scripts); `call` uses --json for its arguments instead. */
export function outputOf(command: Command): CliOutput {
  return new CliOutput(command.opts<{ json?: unknown }>().json === true);
}

/** A REST client authenticated with the API key from the environment. */
export function keyClient(command: Command): ApiClient {
  const globals = globalsOf(command);
  const settings = apiSettings(globals);
  return new ApiClient(settings.url, requireKey(settings, globals.keyEnv));
}
