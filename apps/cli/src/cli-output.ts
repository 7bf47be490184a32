import { ConfigProblem } from '@gantry/contracts';
import { CliError } from './cli-error';

/** What every command writes: human text, or with --json one JSON document on standard output. */
export class CliOutput {
  constructor(readonly json: boolean) {}

  /** The command's answer: `data` as JSON with --json, else the text `human` makes of it. */
  result<T>(data: T, human: (data: T) => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(data, null, 2)}\n` : `${human(data)}\n`);
  }

  /** A remark for people (standard error), never part of the answer scripts read. */
  note(text: string): void {
    if (!this.json) process.stderr.write(`${text}\n`);
  }

  failure(error: CliError): void {
    if (this.json) {
      process.stderr.write(
        `${JSON.stringify({ error: { code: error.code, message: error.message, ...(error.problems.length ? { problems: error.problems } : {}) } })}\n`,
      );
      return;
    }
    process.stderr.write(`gantry: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${describeProblem(problem)}\n`);
  }
}

function describeProblem(problem: ConfigProblem): string {
  return `${problem.line === null ? '' : `line ${problem.line}: `}${problem.key ? `${problem.key}: ` : ''}${problem.message}`;
}
