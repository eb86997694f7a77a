// The data of one compatibility-lane run. compat/results.json holds it; compat/RESULTS.md is rendered
// from it (results-markdown.ts), so the two can be checked against each other.
import type { Area } from '../src/catalog/types.js';
import type { ReasonClass } from './failure-reasons.js';

export const LANE_RESULTS_SCHEMA = 1;

/** Outcome of one kcert test on the upstream control plane (direction 1). */
export type KcertOnUpstreamResult =
  | 'passed'
  | 'failed'
  | 'skipped'
  | 'not-supported'
  /** Needs a data plane (pod traffic, probes); kwok's fake nodes cannot provide one. */
  | 'needs-data-plane'
  | 'not-run';

export interface KcertOnUpstreamTest {
  readonly id: string;
  readonly area: Area | string;
  readonly result: KcertOnUpstreamResult;
  readonly seconds?: number;
  /** Why it failed or why it cannot pass here. */
  readonly reason?: string;
}

/** Outcome of one upstream conformance test against kcert's reference implementation (direction 2). */
export type UpstreamOnReferenceResult = 'passed' | 'failed' | 'skipped' | 'not-run';

export interface UpstreamOnReferenceTest {
  readonly codename: string;
  readonly area: Area;
  readonly result: UpstreamOnReferenceResult;
  readonly seconds?: number;
  readonly reasonClass?: ReasonClass;
  /** First line of the failure, or why the test did not run. */
  readonly summary?: string;
}

export interface BuildRecord {
  readonly name: string;
  /** Wall-clock seconds of the cold build on the lane machine, when measured. */
  readonly seconds?: number;
  readonly sizeBytes?: number;
}

export interface DirectionRecord<T> {
  /** 'ran' when the direction executed; otherwise a sentence in `note` says why not. */
  readonly status: 'ran' | 'not-run' | 'partial';
  readonly note: string;
  readonly startedAt?: string;
  readonly seconds?: number;
  readonly tests: readonly T[];
}

export interface LaneResults {
  readonly schema: typeof LANE_RESULTS_SCHEMA;
  /** ISO date-time of the run. */
  readonly date: string;
  readonly versions: {
    readonly kubernetes: string;
    readonly etcd: string;
    readonly kwok: string;
    readonly go: string;
    readonly node: string;
    readonly conformanceList: string;
  };
  readonly machine: string;
  readonly builds: readonly BuildRecord[];
  readonly kcertOnUpstream: DirectionRecord<KcertOnUpstreamTest>;
  readonly upstreamOnReference: DirectionRecord<UpstreamOnReferenceTest>;
}

export function countBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
