import type { Area, Profile } from '../catalog/types.js';
import type { Evidence, StepRecord } from '../framework/context.js';

/**
 * The versioned result model. results.json is exactly a RunReport; reporters receive the same plain,
 * read-only data (errors are turned into TestFailure before any reporter sees them).
 * Bump RESULTS_SCHEMA on any incompatible change.
 */
export const RESULTS_SCHEMA = 'kcert.io/results/v1' as const;

export const OUTCOMES = ['passed', 'failed', 'error', 'skipped', 'not-supported'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why a test did not pass, as plain data. */
export interface TestFailure {
  /** Stable code from src/errors.ts (CONFORMANCE_FAILURE, CHECK_ERROR, TIMEOUT, INTERRUPTED, …). */
  code: string;
  /** Error class name, e.g. ConformanceFailure, AssertionError. */
  type: string;
  message: string;
  stack?: string;
}

export interface LogLine {
  at: string;
  message: string;
}

/** What the runner itself spent around a test: the overhead bench reads these. */
export interface TestTimings {
  /** Namespace create requested → test body started. */
  setupMs: number;
  /** Test body (and evidence capture) finished → namespace gone; absent with --keep-namespaces. */
  teardownMs?: number;
}

/** The catalog metadata of a test, copied into every report so a report stands on its own. */
export interface TestIdentity {
  id: string;
  area: Area;
  profile: Profile;
  features: readonly string[];
  upstream: readonly string[];
  description: string;
}

export interface TestResult extends TestIdentity {
  result: Outcome;
  namespace?: string;
  startedAt: string;
  /** Duration of the test body in milliseconds (what the test itself took). */
  durationMs: number;
  failure?: TestFailure;
  /** Reason for skipped / not-supported. */
  reason?: string;
  steps: StepRecord[];
  log: LogLine[];
  evidence?: Evidence;
  timings: TestTimings;
  /** The namespace could not be deleted in time (or --keep-namespaces kept it). */
  namespaceLeft?: boolean;
}

export interface TargetInfo {
  server: string;
  context: string;
  /** gitVersion from /version, e.g. v1.33.1. */
  serverVersion: string;
  /** platform from /version, e.g. linux/amd64. */
  platform: string;
}

export interface SelectionInfo {
  profile: Profile;
  suites: Area[];
  focus?: string;
  skip?: string;
  parallel: number;
  timeoutScale: number;
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'timed-out';

export type Totals = Record<Outcome, number> & { total: number; notRun: number };

export interface RunReport {
  schemaVersion: typeof RESULTS_SCHEMA;
  runId: string;
  kcertVersion: string;
  status: RunStatus;
  target: TargetInfo;
  selection: SelectionInfo;
  startedAt: string;
  finishedAt?: string;
  durationMs: number;
  totals: Totals;
  tests: TestResult[];
  /** Selected tests that never finished (interrupted runs), by id. */
  notRun: string[];
  /** Problems of the run itself that are not test outcomes, e.g. a namespace left behind. */
  warnings: string[];
}

/** What reporters receive while a run progresses, in order. */
export type RunEvent =
  | { type: 'run-started'; at: string; runId: string; target: TargetInfo; selection: SelectionInfo; planned: TestIdentity[]; outputDir?: string }
  | { type: 'test-started'; at: string; id: string; namespace: string }
  | { type: 'step-started'; at: string; id: string; name: string }
  | { type: 'step-finished'; at: string; id: string; step: StepRecord }
  | { type: 'test-log'; at: string; id: string; message: string }
  /** The body ended and its parallel slot is free; the namespace is being deleted. */
  | { type: 'test-cleanup'; at: string; id: string }
  | { type: 'test-finished'; at: string; result: TestResult }
  | { type: 'warning'; at: string; message: string }
  | { type: 'run-finished'; at: string; report: RunReport };

export function emptyTotals(): Totals {
  return { total: 0, notRun: 0, passed: 0, failed: 0, error: 0, skipped: 0, 'not-supported': 0 };
}

export function totalsOf(results: readonly TestResult[], planned: number): Totals {
  const totals = emptyTotals();
  totals.total = planned;
  for (const result of results) totals[result.result] += 1;
  totals.notRun = planned - results.length;
  return totals;
}

export function identityOf(test: TestIdentity): TestIdentity {
  return {
    id: test.id,
    area: test.area,
    profile: test.profile,
    features: [...test.features],
    upstream: [...test.upstream],
    description: test.description,
  };
}
