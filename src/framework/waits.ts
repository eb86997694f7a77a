import { CheckError, ConformanceFailure } from '../errors.js';
import type { Predicate } from './predicate.js';
import { delay, describeError, Interrupted } from './retry.js';

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  signal: AbortSignal;
  /** What is being read, for messages: "Deployment ns/web". */
  subject: string;
}

/** Reads the current state; may throw CheckError (API unreachable) which ends the wait as an error. */
export type Reader<T> = () => Promise<T | undefined>;

/**
 * Polls until the predicate holds. On timeout: ConformanceFailure with the expected condition, the last
 * observed state and the subject. A read that fails for good (CheckError) ends the wait as an error.
 */
export async function eventually<T>(read: Reader<T>, predicate: Predicate<T>, options: WaitOptions): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  let lastObserved = 'nothing observed yet';
  let lastValue: T | undefined;
  for (;;) {
    if (options.signal.aborted) throw new Interrupted(`waiting for ${options.subject} to be ${predicate.description}`);
    lastValue = await read();
    const verdict = predicate.check(lastValue);
    if (verdict.ok) return lastValue;
    lastObserved = verdict.observed;
    if (Date.now() >= deadline) {
      throw new ConformanceFailure(
        `${options.subject}: expected ${predicate.description} within ${seconds(options.timeoutMs)}; last observed ${lastObserved}`,
        lastValue,
      );
    }
    await delay(Math.min(options.pollMs, Math.max(0, deadline - Date.now())), options.signal, `waiting for ${options.subject}`);
  }
}

/**
 * Checks that the predicate holds at every poll for the whole window (upstream's Consistently).
 * Fails at the first poll where it does not, with what was observed then.
 */
export async function consistently<T>(read: Reader<T>, predicate: Predicate<T>, options: WaitOptions): Promise<void> {
  const end = Date.now() + options.timeoutMs;
  for (let first = true; ; first = false) {
    if (options.signal.aborted) throw new Interrupted(`watching ${options.subject}`);
    // Only reads that start inside the window count: on a slow cluster a late read shows a later state.
    if (!first && Date.now() >= end) return;
    const value = await read();
    const verdict = predicate.check(value);
    if (!verdict.ok) {
      throw new ConformanceFailure(
        `${options.subject}: expected ${predicate.description} throughout ${seconds(options.timeoutMs)}; after ${seconds(options.timeoutMs - (end - Date.now()))} observed ${verdict.observed}`,
        value,
      );
    }
    const left = end - Date.now();
    if (left > 0) await delay(Math.min(options.pollMs, left), options.signal, `watching ${options.subject}`);
  }
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** Turns a read error that is not a verdict into CheckError text for callers that must not fail the test. */
export function asCheckError(error: unknown, what: string): CheckError {
  return error instanceof CheckError ? error : new CheckError(`${what}: ${describeError(error)}`, { cause: error });
}

/** A one-shot check with the same failure shape as a wait: expected, observed, and where. */
export function expectThat<T>(value: T | undefined, predicate: Predicate<NoInfer<T>>, subject: string): T {
  const verdict = predicate.check(value);
  if (!verdict.ok) throw new ConformanceFailure(`${subject}: expected ${predicate.description}; observed ${verdict.observed}`, value);
  return value as T;
}
