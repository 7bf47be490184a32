/**
 * Runs one network call under a hard deadline: when the time is up, or the caller aborts, the
 * AbortSignal handed to the call fires (destroying the socket) and the promise rejects at once.
 */

export interface DeadlineErrors {
  timeout: () => Error;
  aborted: () => Error;
}

export function withDeadline<T>(
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  errors: DeadlineErrors,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() => reject(errors.timeout()));
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => {
      settle(() => reject(errors.aborted()));
      controller.abort();
    };
    if (callerSignal?.aborted) return onCallerAbort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    run(controller.signal).then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
