import { CheckError, KcertError } from '../errors.js';
import { isTransient } from './api-client.js';

export interface RetryOptions {
  /** How long transient errors may persist before the call is given up (ms). */
  budgetMs: number;
  signal: AbortSignal;
  describe: string;
  onRetry?: (attempt: number, error: unknown) => void;
}

const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

/** Thrown when the run is cancelled (Ctrl-C, global timeout): the runner reports the test as incomplete. */
export class Interrupted extends KcertError {
  constructor(what: string) {
    super('INTERRUPTED', `interrupted while ${what}`);
  }
}

export function throwIfAborted(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new Interrupted(what);
}

/** Resolves after `ms`, or rejects with Interrupted as soon as the signal aborts. */
export function delay(ms: number, signal: AbortSignal, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted(what));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted(what));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `call`, retrying transient failures (connection resets, 429, 5xx) with exponential backoff.
 * If they persist past the budget, the test could not check: CheckError, never a conformance failure.
 */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.budgetMs;
  let backoff = FIRST_BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal, options.describe);
    try {
      return await call();
    } catch (error) {
      if (options.signal.aborted) throw new Interrupted(options.describe);
      if (!isTransient(error)) throw error;
      if (Date.now() + backoff > deadline) {
        throw new CheckError(
          `${options.describe} kept failing with a transient error for ${Math.round(options.budgetMs / 1000)}s (${attempt} attempts): ${describeError(error)}`,
          { cause: error },
        );
      }
      options.onRetry?.(attempt, error);
      await delay(backoff, options.signal, options.describe);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
