/** The request itself is wrong (exit code 2 in the CLI), as opposed to a failure while running it. */
export class AdminUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminUsageError';
  }
}
