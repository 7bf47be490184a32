import { ConfigErrorCode, ConfigProblem } from '@gantry/contracts';

/**
 * Why a configuration file cannot be applied, with every problem found located by line and key.
 * The messages name environment variables, never their values.
 */
export class ConfigFileError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `${file}: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}\n${problems.map((problem) => `  ${describeProblem(file, problem)}`).join('\n')}`,
    );
    this.name = 'ConfigFileError';
  }
}

/** `gantry.toml:12: teams.acme.owner: must be a valid email address` — the form editors and CI logs link to. */
export function describeProblem(file: string, problem: ConfigProblem): string {
  return `${file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}
