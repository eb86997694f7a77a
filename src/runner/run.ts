import { setMaxListeners } from 'node:events';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConformanceTest } from '../catalog/types.js';
import { KcertError } from '../errors.js';
import type { TestContextOptions } from '../framework/context.js';
import type { TestContextHandle } from '../framework/test-context.js';
import { identityOf, type RunEvent, type RunReport, type RunStatus, type SelectionInfo, type TargetInfo } from '../report/model.js';
import type { Reporter } from '../report/reporter.js';
import { RunState } from '../report/run-state.js';
import { runBody, tearDown, type ExecutionDeps } from './execute-test.js';
import { MochaHarness } from './mocha-harness.js';
import { NamespaceClient, RUN_ID_LABEL } from './namespaces.js';
import { scaled } from './runner-timeouts.js';

export interface RunOptions {
  kubeConfig: KubeConfig;
  target: TargetInfo;
  runId: string;
  kcertVersion: string;
  tests: readonly ConformanceTest[];
  selection: SelectionInfo;
  /** The whole run; when it passes, the run stops like on Ctrl-C and ends `timed-out`. */
  globalTimeoutMs: number;
  keepNamespaces: boolean;
  images: Readonly<Record<string, string>>;
  reporter: Reporter;
  outputDir?: string;
  /** Aborting it is Ctrl-C: the CLI wires SIGINT/SIGTERM to it. A second abort stops cleanup too. */
  interrupt: AbortSignal;
  /** Aborted on a second Ctrl-C: stop cleaning up, just write the reports. */
  hardStop: AbortSignal;
  createContext?: (options: TestContextOptions) => TestContextHandle;
}

class RunStopped extends KcertError {
  constructor(readonly status: 'interrupted' | 'timed-out', message: string) {
    super(status === 'interrupted' ? 'INTERRUPTED' : 'TIMEOUT', message);
  }
}

/**
 * A run as a few named tasks: announce the plan, run tests N at a time (each in its own labelled
 * namespace), and on Ctrl-C / SIGTERM / the global timeout stop starting tests, stop the running
 * ones, delete every namespace of the run by label, and finish the reports with what completed.
 */
export async function runConformance(options: RunOptions): Promise<RunReport> {
  const state = new RunState(options.kcertVersion);
  const emit = (event: RunEvent) => {
    state.apply(event);
    void options.reporter.onEvent(event);
  };
  const stop = new AbortController();
  // Every running test, its waits and its teardown listen on these signals: no leak, just many tests.
  setMaxListeners(0, stop.signal, options.hardStop, options.interrupt);
  const onInterrupt = () => stop.abort(new RunStopped('interrupted', 'the run was interrupted (Ctrl-C or SIGTERM)'));
  options.interrupt.addEventListener('abort', onInterrupt, { once: true });
  if (options.interrupt.aborted) onInterrupt();
  const globalTimer = setTimeout(
    () => stop.abort(new RunStopped('timed-out', `the run reached its global timeout of ${Math.round(options.globalTimeoutMs / 1000)}s`)),
    options.globalTimeoutMs,
  );
  const scale = options.selection.timeoutScale;
  const namespaces = new NamespaceClient(options.kubeConfig, { apiBudgetMs: scaled('apiCall', scale), signal: options.hardStop });
  const deps: ExecutionDeps = {
    kubeConfig: options.kubeConfig,
    runId: options.runId,
    timeoutScale: scale,
    images: options.images,
    keepNamespaces: options.keepNamespaces,
    namespaces,
    harness: new MochaHarness(`kcert ${options.runId}`),
    emit,
    runSignal: stop.signal,
    cleanupSignal: options.hardStop,
    ...(options.createContext ? { createContext: options.createContext } : {}),
  };

  emit({
    type: 'run-started',
    at: new Date().toISOString(),
    runId: options.runId,
    target: options.target,
    selection: options.selection,
    planned: options.tests.map(identityOf),
    ...(options.outputDir ? { outputDir: options.outputDir } : {}),
  });

  try {
    await runAll(options.tests, options.selection.parallel, deps, emit);
  } finally {
    clearTimeout(globalTimer);
    options.interrupt.removeEventListener('abort', onInterrupt);
  }

  const status: Exclude<RunStatus, 'running'> = stop.signal.aborted ? (stop.signal.reason as RunStopped).status : 'completed';
  if (!options.keepNamespaces) await sweepRunNamespaces(namespaces, options.runId, status !== 'completed', scale, options.hardStop, emit);
  const report = state.finish(status, new Date().toISOString());
  emit({ type: 'run-finished', at: report.finishedAt!, report });
  return report;
}

/** The scheduler: at most `parallel` test bodies at once, in catalog order; no new test once stopped. */
async function runAll(tests: readonly ConformanceTest[], parallel: number, deps: ExecutionDeps, emit: (event: RunEvent) => void): Promise<void> {
  const teardowns: Array<Promise<void>> = [];
  let next = 0;
  const lane = async () => {
    while (next < tests.length && !deps.runSignal.aborted) {
      const test = tests[next++]!;
      const body = await runBody(test, deps);
      if (body.namespaceCreated) emit({ type: 'test-cleanup', at: new Date().toISOString(), id: test.id });
      // Namespace deletion runs outside the slot, so the next test starts at once.
      teardowns.push(tearDown(body, deps).then((result) => emit({ type: 'test-finished', at: new Date().toISOString(), result })));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, tests.length)) }, lane));
  await Promise.all(teardowns);
}

/**
 * The last word on leftovers: list the run's namespaces by label and delete them. After a normal run
 * this finds nothing (each test deleted its own); after an interruption it catches namespaces whose
 * test was cut short.
 */
async function sweepRunNamespaces(
  namespaces: NamespaceClient,
  runId: string,
  interrupted: boolean,
  scale: number,
  hardStop: AbortSignal,
  emit: (event: RunEvent) => void,
): Promise<void> {
  const warn = (message: string) => emit({ type: 'warning', at: new Date().toISOString(), message });
  if (hardStop.aborted) {
    warn(`cleanup was skipped; remove what is left with: kcert cleanup --run-id ${runId}`);
    return;
  }
  try {
    const left = await namespaces.listByLabel(`${RUN_ID_LABEL}=${runId}`);
    const bound = interrupted ? scaled('cleanupAfterInterrupt', scale) : scaled('namespaceDelete', scale);
    const outcomes = await Promise.all(left.map(async (name) => ({ name, gone: await namespaces.deleteAndWait(name, bound, hardStop).catch(() => false) })));
    const stuck = outcomes.filter((outcome) => !outcome.gone).map((outcome) => outcome.name);
    if (stuck.length > 0) warn(`namespaces still terminating: ${stuck.join(', ')}; remove them with: kcert cleanup --run-id ${runId}`);
  } catch (error) {
    warn(`could not clean up the run's namespaces (${(error as Error).message}); run: kcert cleanup --run-id ${runId}`);
  }
}
