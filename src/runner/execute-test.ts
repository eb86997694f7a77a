import type { KubeConfig } from '@kubernetes/client-node';
import type { ConformanceTest } from '../catalog/types.js';
import type { Evidence, StepRecord, TestContextOptions } from '../framework/context.js';
import { describeError } from '../framework/retry.js';
import { createTestContext, type TestContextHandle } from '../framework/test-context.js';
import { identityOf, type LogLine, type RunEvent, type TestResult } from '../report/model.js';
import type { MochaHarness } from './mocha-harness.js';
import { namespaceNameFor, RUN_ID_LABEL, TEST_ID_LABEL, type NamespaceClient } from './namespaces.js';
import { classifyOutcome, toFailure } from './outcome.js';
import { scaled } from './runner-timeouts.js';

export interface ExecutionDeps {
  kubeConfig: KubeConfig;
  runId: string;
  timeoutScale: number;
  images: Readonly<Record<string, string>>;
  keepNamespaces: boolean;
  namespaces: NamespaceClient;
  harness: MochaHarness;
  emit(event: RunEvent): void;
  /** Aborted on Ctrl-C, SIGTERM or the global timeout: running tests stop. */
  runSignal: AbortSignal;
  /** Aborted only when the user insists (second Ctrl-C): namespace deletion stops too. */
  cleanupSignal: AbortSignal;
  /** Builds a test's context; the framework's createTestContext unless a test swaps it. */
  createContext?: (options: TestContextOptions) => TestContextHandle;
}

/** A test whose body has finished; its namespace still exists. */
export interface BodyDone {
  result: TestResult;
  bodyEndedAt: number;
  /** False when creating the namespace failed: there is nothing to delete. */
  namespaceCreated: boolean;
}

const now = () => new Date().toISOString();

/**
 * Phase 1 of a test, holding a parallel slot: create the labelled namespace, run the body in the Mocha
 * harness, capture evidence if it failed or errored. Never throws: every problem becomes the result.
 */
export async function runBody(test: ConformanceTest, deps: ExecutionDeps): Promise<BodyDone> {
  const namespace = namespaceNameFor(test.id);
  const steps: StepRecord[] = [];
  const log: LogLine[] = [];
  const setupStart = Date.now();
  const base = { ...identityOf(test), namespace, steps, log, startedAt: now() };
  const done = (partial: Omit<TestResult, keyof typeof base | 'timings'>, setupMs: number, namespaceCreated = true): BodyDone => ({
    result: { ...base, ...partial, timings: { setupMs } },
    bodyEndedAt: Date.now(),
    namespaceCreated,
  });

  try {
    await deps.namespaces.create(namespace, { [RUN_ID_LABEL]: deps.runId, [TEST_ID_LABEL]: test.id.slice(0, 63) }, deps.runSignal);
  } catch (error) {
    const classified = classifyOutcome(error);
    // Without a namespace nothing was checked: whatever went wrong is an error, not a verdict.
    return done({ result: 'error', durationMs: 0, failure: classified.failure ?? toFailure(error, 'CHECK_ERROR') }, Date.now() - setupStart, false);
  }

  // The test's own signal: aborted with the run (Ctrl-C), or when its body overran the test timeout, so
  // a body the harness gave up on stops waiting instead of running on in the background.
  const testAbort = new AbortController();
  const abortTest = () => testAbort.abort(deps.runSignal.reason);
  deps.runSignal.addEventListener('abort', abortTest, { once: true });
  let handle: TestContextHandle;
  try {
    handle = (deps.createContext ?? createTestContext)({
      kubeConfig: deps.kubeConfig,
      namespace,
      runId: deps.runId,
      timeoutScale: deps.timeoutScale,
      images: deps.images,
      signal: testAbort.signal,
      observer: {
        stepStarted: (name) => deps.emit({ type: 'step-started', at: now(), id: test.id, name }),
        stepFinished: (step) => {
          steps.push(step);
          deps.emit({ type: 'step-finished', at: now(), id: test.id, step });
        },
        log: (message) => {
          const line = { at: now(), message };
          log.push(line);
          deps.emit({ type: 'test-log', at: line.at, id: test.id, message });
        },
      },
    });
  } catch (error) {
    deps.runSignal.removeEventListener('abort', abortTest);
    return done({ result: 'error', durationMs: 0, failure: toFailure(error, 'CHECK_ERROR') }, Date.now() - setupStart);
  }

  const bodyStart = Date.now();
  base.startedAt = new Date(bodyStart).toISOString();
  const setupMs = bodyStart - setupStart;
  deps.emit({ type: 'test-started', at: base.startedAt, id: test.id, namespace });
  const error = await deps.harness.run(test.id, () => untilAborted(test.run(handle.context), deps.runSignal), scaled('testBody', deps.timeoutScale));
  const durationMs = Date.now() - bodyStart;
  deps.runSignal.removeEventListener('abort', abortTest);
  if ((error as { code?: unknown } | undefined)?.code === 'ERR_MOCHA_TIMEOUT') testAbort.abort(error);
  const classified = classifyOutcome(error);

  let evidence: Evidence | undefined;
  if ((classified.result === 'failed' || classified.result === 'error') && !deps.runSignal.aborted) {
    evidence = await handle.collectEvidence().catch((problem: unknown) => ({
      events: [`(kcert could not collect evidence: ${describeError(problem)})`],
      objects: [],
      logs: [],
    }));
  }
  try {
    await handle.dispose();
  } catch (problem) {
    log.push({ at: now(), message: `cleanup after the test failed: ${describeError(problem)}` });
  }
  return done({ ...classified, durationMs, ...(evidence ? { evidence } : {}) }, setupMs);
}

/** Phase 2, outside the slot: delete the namespace and wait until it is gone (bounded). */
export async function tearDown(body: BodyDone, deps: ExecutionDeps): Promise<TestResult> {
  const { result } = body;
  if (!body.namespaceCreated) return { ...result, namespace: undefined };
  if (deps.keepNamespaces) return { ...result, namespaceLeft: true };
  let gone = false;
  const bounded = boundAfterInterrupt(deps);
  try {
    gone = await deps.namespaces.deleteAndWait(result.namespace!, scaled('namespaceDelete', deps.timeoutScale), bounded.signal);
  } catch (error) {
    result.log.push({ at: now(), message: `deleting namespace ${result.namespace} failed: ${describeError(error)}` });
  } finally {
    bounded.dispose();
  }
  return {
    ...result,
    timings: { ...result.timings, teardownMs: Date.now() - body.bodyEndedAt },
    ...(gone ? {} : { namespaceLeft: true }),
  };
}

/**
 * The signal namespace deletion waits under: aborted by a second Ctrl-C, and at most
 * cleanupAfterInterrupt after the run was interrupted, so an interrupted run ends in about a minute
 * even when namespaces take long to go (the run's sweep then reports what is left).
 */
function boundAfterInterrupt(deps: ExecutionDeps): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onHardStop = () => controller.abort();
  const onInterrupt = () => {
    timer = setTimeout(() => controller.abort(), scaled('cleanupAfterInterrupt', deps.timeoutScale));
  };
  deps.cleanupSignal.addEventListener('abort', onHardStop, { once: true });
  if (deps.runSignal.aborted) onInterrupt();
  else deps.runSignal.addEventListener('abort', onInterrupt, { once: true });
  if (deps.cleanupSignal.aborted) controller.abort();
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      deps.cleanupSignal.removeEventListener('abort', onHardStop);
      deps.runSignal.removeEventListener('abort', onInterrupt);
    },
  };
}

/** Settles with the body, or rejects as soon as the run is interrupted, whichever comes first. */
function untilAborted(body: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(interruption(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(interruption(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    body.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function interruption(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new Error('the run was interrupted');
}
