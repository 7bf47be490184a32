import { Command, Option } from 'commander';
import { MeResponse } from '@gantry/contracts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ApiClient } from '../api-client';
import { apiSettings } from '../api-settings';
import { CliError, usageError } from '../cli-error';
import { globalsOf, outputOf } from '../command-context';
import { clientSetup, ClientSetup, MCP_CLIENTS, maskKey, McpClientName } from '../mcp-client-configs';

interface ConnectOptions {
  write?: string | true;
  oauth?: boolean;
  showSecret?: boolean;
  name: string;
}

/**
 * `gantry connect <client>`: this server's MCP configuration for an AI client. With an API key
 * (GANTRY_API_KEY, checked against the server first) the client sends it as a header; with --oauth
 * (or no key) the client signs in on Gantry itself. Printed with the key masked; --write puts it
 * into the client's file, merged with the servers already there.
 */
export function connectCommand(): Command {
  return new Command('connect')
    .description('print or write the MCP configuration of an AI client for this Gantry')
    .addArgument(new Command().createArgument('<client>', 'the client').choices(MCP_CLIENTS))
    .option('--write [path]', 'write it into the client’s JSON file (cursor: ~/.cursor/mcp.json, vscode: .vscode/mcp.json), keeping other servers')
    .option('--oauth', 'no key: the client signs in on Gantry (OAuth)')
    .option('--name <name>', 'the server’s name in the client', 'gantry')
    .addOption(new Option('--show-secret', 'print the API key in full (it is masked otherwise)'))
    .action(async (client: McpClientName, options: ConnectOptions, command: Command) => {
      const globals = globalsOf(command);
      const settings = apiSettings(globals);
      const mcpUrl = `${settings.url}/mcp`;
      const key = options.oauth ? null : settings.key;
      if (key) await checkKey(settings.url, key);
      const real = clientSetup(client, mcpUrl, key ? `Bearer ${key}` : null);
      const shown = clientSetup(client, mcpUrl, key ? `Bearer ${options.showSecret ? key : maskKey(key)}` : null);
      const output = outputOf(command);
      const auth = key ? 'api_key' : 'oauth';
      if (options.write !== undefined) {
        if (real.kind !== 'file') throw usageError(`${client} takes no configuration file from Gantry: ${describe(shown, options.name)}`);
        const path = expandHome(options.write === true ? real.defaultPath : options.write);
        const kept = mergeIntoFile(path, real, options.name);
        output.result(
          { client, auth, url: mcpUrl, path, server: options.name, otherServers: kept },
          () => `wrote server "${options.name}" (${auth === 'api_key' ? 'API key' : 'OAuth'}) to ${path}${kept.length ? `; kept ${kept.join(', ')}` : ''}`,
        );
        return;
      }
      output.result({ client, auth, url: mcpUrl, ...printable(shown, options.name) }, () => describe(shown, options.name));
    });
}

/** The key must work on this server before it is handed to a client (a typo would only show there). */
async function checkKey(url: string, key: string): Promise<void> {
  await new ApiClient(url, key).request<MeResponse>('GET', '/api/auth/me');
}

function printable(setup: ClientSetup, name = 'gantry'): Record<string, unknown> {
  if (setup.kind === 'file') return { path: setup.defaultPath, config: { [setup.serversKey]: { [name]: setup.entry } } };
  if (setup.kind === 'command') return { command: setup.command.replace(' gantry ', ` ${name} `), then: setup.then };
  return { steps: setup.steps };
}

function describe(setup: ClientSetup, name = 'gantry'): string {
  const view = printable(setup, name);
  if (setup.kind === 'file') return `${setup.defaultPath}:\n${JSON.stringify(view.config, null, 2)}`;
  if (setup.kind === 'command') return [view.command, view.then].filter(Boolean).join('\n');
  return setup.steps;
}

/** Adds or replaces our server in the file; every other server and setting in it stays as it was. Returns the others' names. */
function mergeIntoFile(path: string, setup: Extract<ClientSetup, { kind: 'file' }>, name: string): string[] {
  let document: Record<string, unknown> = {};
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    try {
      document = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new CliError(`${path} is not valid JSON; fix or move it first (it was left as it is)`, 'CLIENT_CONFIG_INVALID');
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document))
      throw new CliError(`${path} does not hold a JSON object`, 'CLIENT_CONFIG_INVALID');
  }
  const servers = (document[setup.serversKey] ?? {}) as Record<string, unknown>;
  const others = Object.keys(servers).filter((server) => server !== name);
  document[setup.serversKey] = { ...servers, [name]: setup.entry };
  mkdirSync(dirname(path), { recursive: true });
  // The file may now hold an API key: a new one is readable by its owner only.
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  return others;
}

function expandHome(path: string): string {
  return resolve(path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path);
}
