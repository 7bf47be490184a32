import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { usageError } from './cli-error';

/**
 * A secret from the environment variable `envName`, or typed at a terminal without echo. Never
 * from the command line, where `ps` and the shell history would keep it.
 */
export async function readSecret(envName: string, question: string): Promise<string> {
  const value = process.env[envName];
  if (value) return value;
  if (!process.stdin.isTTY) throw usageError(`set ${envName} (there is no terminal to ask on)`);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      reader.question(`${question}: `, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    reader.close();
    process.stderr.write('\n');
  }
}

/** A yes/no question at a terminal; without one, only --yes says yes. */
export async function confirm(question: string, assumeYes: boolean): Promise<boolean> {
  if (assumeYes) return true;
  if (!process.stdin.isTTY) throw usageError(`${question} — there is no terminal to ask on; add --yes`);
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => reader.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    reader.close();
  }
}
