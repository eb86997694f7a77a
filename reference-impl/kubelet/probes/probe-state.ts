/**
 * Probe bookkeeping with upstream semantics, kept pure so timing is table-tested: a probe worker
 * ticks every periodSeconds from container start; ticks before initialDelaySeconds keep the
 * initial result without probing; a result flips only after successThreshold consecutive
 * successes or failureThreshold consecutive failures.
 */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure';

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

interface ProbeTimingFields {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** API defaults (periodSeconds 10, timeoutSeconds 1, thresholds 1 and 3); zero means default. */
export function probeTiming(probe: ProbeTimingFields): ProbeTiming {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds || 10,
    timeoutSeconds: probe.timeoutSeconds || 1,
    successThreshold: probe.successThreshold || 1,
    failureThreshold: probe.failureThreshold || 3,
  };
}

/** What a probe reports before it has decided anything: not ready, alive, not started. */
export function initialResult(kind: ProbeKind): ProbeResult {
  return kind === 'liveness' ? 'success' : 'failure';
}

export class ProbeState {
  private successes = 0;
  private failures = 0;
  private current: ProbeResult;

  constructor(
    readonly kind: ProbeKind,
    readonly timing: ProbeTiming,
    private readonly options: { ignoreInitialDelay?: boolean } = {},
  ) {
    this.current = initialResult(kind);
  }

  get result(): ProbeResult {
    return this.current;
  }

  /** Whether a tick `sinceStartMs` after container start actually probes. */
  shouldProbe(sinceStartMs: number): boolean {
    if (this.options.ignoreInitialDelay) return true;
    return sinceStartMs >= this.timing.initialDelaySeconds * 1000;
  }

  /** Records one probe outcome; returns true when the reported result changed. */
  record(outcome: ProbeResult): boolean {
    if (outcome === 'success') {
      this.successes++;
      this.failures = 0;
      if (this.current !== 'success' && this.successes >= this.timing.successThreshold) {
        this.current = 'success';
        return true;
      }
    } else {
      this.failures++;
      this.successes = 0;
      if (this.current !== 'failure' && this.failures >= this.timing.failureThreshold) {
        this.current = 'failure';
        return true;
      }
    }
    return false;
  }

  /** Liveness/startup failure reached the threshold again while already failing (kubelet keeps killing). */
  get failingAtThreshold(): boolean {
    return this.current === 'failure' && this.failures >= this.timing.failureThreshold;
  }
}

/**
 * Milliseconds from container start to the tick number `tick` (0-based): ticks start at once and
 * repeat every periodSeconds.
 */
export function tickAt(timing: ProbeTiming, tick: number): number {
  return tick * timing.periodSeconds * 1000;
}
