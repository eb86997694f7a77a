/**
 * Restart back-off of the kubelet (CrashLoopBackOff, ImagePullBackOff): the first retry is
 * immediate, then 10 s doubling up to 300 s; the delay resets once more than 10 minutes pass
 * between two failures.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

export interface BackoffState {
  /** Failures counted since the last reset. */
  failures: number;
  lastFailureAt: number | undefined;
}

export const NO_BACKOFF: BackoffState = { failures: 0, lastFailureAt: undefined };

/** Records a failure at `now` and returns how long to wait before the next attempt. */
export function nextBackoff(state: BackoffState, now: number): { delayMs: number; state: BackoffState } {
  const reset = state.lastFailureAt !== undefined && now - state.lastFailureAt > BACKOFF_RESET_MS;
  const failures = (reset ? 0 : state.failures) + 1;
  const delayMs = failures === 1 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** (failures - 2));
  return { delayMs, state: { failures, lastFailureAt: now } };
}
