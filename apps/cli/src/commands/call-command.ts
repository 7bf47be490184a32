import { Command } from 'commander';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { apiSettings, requireKey } from '../api-settings';
import { CliError, usageError } from '../cli-error';
import { globalsOf } from '../command-context';

/**
 * `gantry call <tool> --json '{…}'`: one MCP tool call at /mcp with the API key, through the MCP
 * SDK's own client. Here --json carries the arguments; the answer is the tool's structured result
 * as JSON (or its text when it has none), so scripts read it either way.
 */
export function callCommand(): Command {
  return new Command('call')
    .description('call an MCP tool with the API key (GANTRY_API_KEY) and print its result')
    .argument('<tool>', 'tool name, e.g. search_records')
    .option('--json <arguments>', 'the tool’s arguments as a JSON object', '{}')
    .action(async (tool: string, options: { json: string }, command: Command) => {
      const globals = globalsOf(command);
      const settings = apiSettings(globals);
      const args = parseArguments(options.json);
      const client = new Client({ name: 'gantry-cli', version: '0.1.0' });
      try {
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${settings.url}/mcp`), {
            requestInit: { headers: { Authorization: `Bearer ${requireKey(settings, globals.keyEnv)}` } },
          }),
        );
      } catch (error) {
        throw new CliError(`cannot open an MCP session at ${settings.url}/mcp: ${error instanceof Error ? error.message : String(error)}`, 'MCP_UNREACHABLE');
      }
      try {
        const result = (await client.callTool({ name: tool, arguments: args })) as {
          isError?: boolean;
          structuredContent?: unknown;
          content?: Array<{ type: string; text?: string }>;
        };
        const text = (result.content ?? []).flatMap((part) => (part.type === 'text' && part.text ? [part.text] : [])).join('\n');
        if (result.isError) throw new CliError(text || `${tool} failed`, 'TOOL_ERROR');
        process.stdout.write(result.structuredContent === undefined ? `${text}\n` : `${JSON.stringify(result.structuredContent, null, 2)}\n`);
      } finally {
        await client.close();
      }
    });
}

function parseArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('--json must be JSON, e.g. --json \'{"model":"res.partner","limit":5}\'');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError('--json must be a JSON object');
  return value as Record<string, unknown>;
}
