import type { TestObserver } from './context.js';
import { describeError } from './retry.js';

/** Runs a named step, reporting its start, duration and outcome to the runner's observer. */
export async function runStep<T>(observer: TestObserver, name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  observer.stepStarted(name);
  try {
    const result = await body();
    observer.stepFinished({ name, startedAt, durationMs: Date.now() - started, outcome: 'passed' });
    return result;
  } catch (error) {
    observer.stepFinished({ name, startedAt, durationMs: Date.now() - started, outcome: 'failed', error: describeError(error) });
    throw error;
  }
}
