import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CONFIG_SECRET_LITERAL_KEYS, ConfigFile, configFileSchema, ConfigProblem } from '@gantry/contracts';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { ConfigFileError } from './config-file-error';
import { formatTomlPath, tomlKeyLines, TomlPath } from './toml-key-lines';
import { checkSecretValues } from './config-secret-values';

/** A validated file, the secrets it refers to read from the environment, and where each key is written. */
export interface LoadedConfigFile {
  /** The name used in messages (the file's base name). */
  name: string;
  file: ConfigFile;
  /** The value of an environment variable the file refers to (checked present when loading). */
  secret(envName: string): string;
  /** Line and key of a path in the file, for problems found later (e.g. an owner no one knows). */
  problemAt(path: TomlPath, message: string): ConfigProblem;
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfigFile {
  const name = basename(path);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigFileError('CONFIG_FILE_UNREADABLE', name, [{ line: null, key: '', message: `cannot read ${path} (${reason})` }]);
  }
  return loadConfigSource(source, name, env);
}

export function loadConfigSource(source: string, name: string, env: NodeJS.ProcessEnv): LoadedConfigFile {
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (error) {
    if (error instanceof TomlError) throw new ConfigFileError('CONFIG_PARSE_FAILED', name, [syntaxProblem(source, error)]);
    throw error;
  }
  const keys = tomlKeyLines(source);
  const problemAt = (path: TomlPath, message: string): ConfigProblem => ({ line: keys.locate(path).line, key: formatTomlPath(path), message });
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigFileError(
      'CONFIG_INVALID',
      name,
      parsed.error.issues.flatMap((issue) => issueProblems(issue, problemAt)),
    );
  const file = parsed.data;
  const missing = envReferences(file)
    .filter(({ envName }) => !env[envName])
    .map(({ path, envName }) => problemAt(path, `the environment variable ${envName} is not set`));
  if (missing.length > 0) throw new ConfigFileError('CONFIG_ENV_MISSING', name, missing);
  const secret = (envName: string) => env[envName]!;
  const weak = checkSecretValues(file, secret).map(({ path, message }) => problemAt(path, message));
  if (weak.length > 0) throw new ConfigFileError('CONFIG_INVALID', name, weak);
  return { name, file, secret, problemAt };
}

/** smol-toml knows the line; the key is whatever is being defined on it, within the table above it. */
function syntaxProblem(source: string, error: TomlError): ConfigProblem {
  const lines = source.split('\n');
  const text = lines[error.line - 1] ?? '';
  const header = lines
    .slice(0, error.line)
    .reverse()
    .map((line) => /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line)?.[1])
    .find(Boolean);
  const key = /^\s*([A-Za-z0-9_."' -]+?)\s*=/.exec(text)?.[1];
  const message = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  return { line: error.line, key: [header, key].filter(Boolean).join('.'), message: `${message} (column ${error.column})` };
}

function issueProblems(issue: z.core.$ZodIssue, problemAt: (path: TomlPath, message: string) => ConfigProblem): ConfigProblem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      problemAt(
        [...path, key],
        (CONFIG_SECRET_LITERAL_KEYS as readonly string[]).includes(key)
          ? `secrets are never written in the file: put it in an environment variable and write ${key}_env = "VARIABLE_NAME"`
          : 'is not a setting Gantry knows (see docs/config-as-code.md)',
      ),
    );
  }
  return [problemAt(path, issue.message)];
}

/** Every `*_env` reference of the file with its path. */
export function envReferences(file: ConfigFile): Array<{ path: TomlPath; envName: string }> {
  const references: Array<{ path: TomlPath; envName: string }> = [];
  file.users?.forEach((user, index) => references.push({ path: ['users', index, 'password_env'], envName: user.password_env }));
  for (const [slug, team] of Object.entries(file.teams ?? {})) {
    if (team.odoo) references.push({ path: ['teams', slug, 'odoo', 'secret_env'], envName: team.odoo.secret_env });
    for (const [name, key] of Object.entries(team.api_keys ?? {}))
      references.push({ path: ['teams', slug, 'api_keys', name, 'key_env'], envName: key.key_env });
    for (const [name, client] of Object.entries(team.oauth_clients ?? {}))
      references.push({ path: ['teams', slug, 'oauth_clients', name, 'client_secret_env'], envName: client.client_secret_env });
    for (const [name, credential] of Object.entries(team.workspaces?.git_credentials ?? {}))
      references.push({ path: ['teams', slug, 'workspaces', 'git_credentials', name, 'token_env'], envName: credential.token_env });
  }
  return references;
}
