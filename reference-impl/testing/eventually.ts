/**
 * Polling for tests: wait for a named condition until a deadline, and on timeout fail with an error
 * that names the condition and what was last observed (a value or the probe's last error), so a
 * red test says what it was waiting for and how far it got. Test code only.
 */

export interface EventuallyOptions {
  /** How long to keep trying; the probe runs at least once. */
  timeoutMs: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** Reports the state at timeout instead of the probe's last result (e.g. a cache the probe inspects). */
  observe?: () => unknown;
}

/** A condition that did not come true in time. */
export class EventuallyTimeoutError extends Error {
  constructor(
    readonly condition: string,
    readonly lastObserved: unknown,
    readonly timeoutMs: number,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${condition}; last observed: ${describeObservation(lastObserved)}`);
    this.name = 'EventuallyTimeoutError';
  }
}

/** An error by its message, a string as is, anything else as JSON (falling back to String for what JSON cannot show). */
export function describeObservation(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

type Probe<R> = () => R | PromiseLike<R>;

async function poll<R>(condition: string, probe: Probe<R>, accept: (value: R) => boolean, options: EventuallyOptions): Promise<R> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new EventuallyTimeoutError(condition, options.observe ? options.observe() : last, options.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/**
 * Polls until the probe yields a value other than undefined or false and returns it; a probe that
 * throws counts as "not yet" (its error is the last observation).
 */
export async function eventually<T>(condition: string, probe: Probe<T | undefined | false>, options: EventuallyOptions): Promise<T> {
  const value = await poll(condition, probe, (result) => result !== undefined && result !== false, options);
  return value as T;
}

/** Polls until the probe stops throwing and returns whatever it resolved to (undefined included). */
export async function eventuallyResolves<T>(condition: string, probe: Probe<T>, options: EventuallyOptions): Promise<T> {
  return poll(condition, probe, () => true, options);
}
