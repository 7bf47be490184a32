import { CLI_EXIT_CODES, CliExitCode, ConfigProblem } from '@gantry/contracts';

/** A failure the CLI reports on standard error (never with a stack trace) and turns into its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: CliExitCode = CLI_EXIT_CODES.failure,
    readonly problems: ConfigProblem[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line is wrong (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, 'USAGE', CLI_EXIT_CODES.usage);
}
