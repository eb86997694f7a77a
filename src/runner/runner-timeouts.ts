import { TIMEOUTS } from '../framework/timeouts.js';

/**
 * The runner's own named timeouts (ms), next to the framework's table in src/framework/timeouts.ts.
 * All are multiplied by --timeout-scale except `run`, which --timeout sets explicitly.
 */
export const RUNNER_TIMEOUTS = {
  /** One test body, from start to end: longer than any single wait in it. */
  testBody: 15 * 60_000,
  /** Creating or listing namespaces, transient errors retried within it. */
  apiCall: TIMEOUTS.apiCall,
  /** Deleting a test namespace until the API no longer serves it. */
  namespaceDelete: TIMEOUTS.namespaceDelete,
  /** After Ctrl-C, SIGTERM or the global timeout: deleting every namespace of the run. */
  cleanupAfterInterrupt: 60_000,
  /** Reaching /version before a run: an unreachable endpoint is a configuration error, fast. */
  preflight: 10_000,
  /** Default for --timeout: the whole run. */
  run: 2 * 60 * 60_000,
} as const;

export type RunnerTimeoutName = keyof typeof RUNNER_TIMEOUTS;

export function scaled(name: Exclude<RunnerTimeoutName, 'run'>, scale: number): number {
  return Math.round(RUNNER_TIMEOUTS[name] * scale);
}
