import type { FaultSet } from '../../faults.ts';
import type { ProbeSpec } from '../pod-types.ts';
import type { ContainerRun } from '../runtime/container-run.ts';
import { runProbe, type ProbeTarget } from './probers.ts';
import { ProbeState, probeTiming, tickAt, type ProbeKind } from './probe-state.ts';

/**
 * One probe of one container run, as the kubelet's prober worker: ticks every periodSeconds from
 * container start, skips ticks before initialDelaySeconds, lets the startup probe gate the others,
 * records Unhealthy/ProbeWarning events, and acts when a result flips (readiness → ready flag,
 * startup → started, liveness/startup failure → restart with the probe's or pod's grace period).
 */
export interface ProbedContainer {
  stopping(): boolean;
  started(): boolean;
  setStarted(): void;
  setReady(ready: boolean): void;
  restart(kind: ProbeKind, graceSeconds: number): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  graceSeconds(): number;
}

export async function runProbeWorker(run: ContainerRun, kind: ProbeKind, probe: ProbeSpec, target: ProbeTarget, container: ProbedContainer, faults: FaultSet): Promise<void> {
  const state = new ProbeState(kind, probeTiming(probe), { ignoreInitialDelay: faults.has('probes-ignore-initial-delay') });
  const started = run.startedAt.getTime();
  const label = kind[0]!.toUpperCase() + kind.slice(1);
  const alive = (): boolean => run.running && !container.stopping();
  for (let tick = 0; alive(); tick++) {
    const wait = started + tickAt(state.timing, tick) - Date.now();
    if (wait > 0) await sleepWhileRunning(run, wait);
    if (!alive()) return;
    if (kind === 'startup' && container.started()) return;
    if (kind !== 'startup' && !container.started()) continue;
    if (!state.shouldProbe(Date.now() - started)) continue;
    const outcome = await runProbe(probe, target, state.timing.timeoutSeconds * 1000);
    if (!alive()) return;
    if (outcome.warning) container.event('Warning', 'ProbeWarning', `${label} probe warning: ${outcome.warning}`);
    if (outcome.result === 'failure') container.event('Warning', 'Unhealthy', `${label} probe failed: ${outcome.message}`);
    const flipped = state.record(outcome.result);
    if (kind === 'readiness') {
      container.setReady(state.result === 'success' || faults.has('kubelet-ignores-readiness'));
    } else if (kind === 'startup' && state.result === 'success' && flipped) {
      container.setStarted();
    } else if (state.result === 'failure' && (flipped || state.failingAtThreshold)) {
      if (kind === 'liveness' && faults.has('liveness-never-restarts')) continue;
      container.restart(kind, probe.terminationGracePeriodSeconds ?? container.graceSeconds());
      return;
    }
  }
}

function sleepWhileRunning(run: ContainerRun, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void run.exited.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
