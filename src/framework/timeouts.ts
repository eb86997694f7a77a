/**
 * One table of named timeouts (milliseconds), scaled by --timeout-scale. Values follow upstream's
 * e2e framework where it names one.
 */
export const TIMEOUTS = {
  /** Upstream PodStartTimeout. */
  podStart: 5 * 60_000,
  /** Upstream PodStartShortTimeout. */
  podStartShort: 2 * 60_000,
  podDelete: 5 * 60_000,
  /** Upstream deployment helpers poll for up to 5 minutes. */
  deploymentRollout: 5 * 60_000,
  serviceEndpoints: 2 * 60_000,
  namespaceDelete: 5 * 60_000,
  /** A single API call (with retries of transient errors). */
  apiCall: 60_000,
  /** Upstream PollShortTimeout. */
  short: 60_000,
} as const;

export type TimeoutName = keyof typeof TIMEOUTS;

/** How often waits re-check their condition when they cannot watch. */
export const POLL_INTERVAL_MS = 250;
