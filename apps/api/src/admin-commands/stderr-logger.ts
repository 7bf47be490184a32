import { LoggerService } from '@nestjs/common';

/**
 * The admin process speaks to the CLI on its standard output, so whatever Nest has to say goes to
 * standard error, warnings and errors only (what an operator running a command needs).
 */
export class StderrLogger implements LoggerService {
  log(): void {}

  warn(message: unknown, context?: string): void {
    process.stderr.write(`warning${context ? ` [${context}]` : ''}: ${String(message)}\n`);
  }

  error(message: unknown, _trace?: string, context?: string): void {
    process.stderr.write(`error${context ? ` [${context}]` : ''}: ${String(message)}\n`);
  }
}
