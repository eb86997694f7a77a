import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { TimeoutName } from './timeouts.js';

/** One named step of a test, as the runner reports it (e2e.log, results.json). */
export interface StepRecord {
  name: string;
  startedAt: string;
  durationMs: number;
  outcome: 'passed' | 'failed';
  error?: string;
}

/** What a person looks at when a test fails; captured before the namespace is deleted. */
export interface Evidence {
  events: string[];
  objects: Array<{ kind: string; name: string; status: unknown }>;
  logs: Array<{ pod: string; container: string; text: string }>;
}

/** Callbacks the runner gives a test context, for live progress and the e2e.log. */
export interface TestObserver {
  stepStarted(name: string): void;
  stepFinished(step: StepRecord): void;
  log(message: string): void;
}

/** Everything the runner hands the framework to build a test's context. */
export interface TestContextOptions {
  kubeConfig: KubeConfig;
  /** Namespace already created by the runner, labelled with the run id. */
  namespace: string;
  runId: string;
  timeoutScale: number;
  /** Image table after --image-repository / images-file remapping. */
  images: Readonly<Record<string, string>>;
  observer: TestObserver;
  signal: AbortSignal;
}

/**
 * The object a conformance test's body receives. It hides namespaces, polling, retries of transient
 * API errors, cleanup and diagnostics. Implemented in src/framework/test-context.ts.
 */
export interface TestContext {
  readonly namespace: string;
  readonly kubeConfig: KubeConfig;
  readonly images: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** A named step; its duration and outcome go to the reports. */
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  log(message: string): void;
  /** Timeout in ms for a named entry of the timeout table, already scaled by --timeout-scale. */
  timeout(name: TimeoutName): number;
  /** Create an object in the test namespace (namespace filled in) and remember it for evidence. */
  create<T extends KubernetesObject>(object: T): Promise<T>;
  /** Skip this test with a reason (result: skipped). */
  skip(reason: string): never;
  /** The cluster lacks an optional feature (result: not-supported). */
  notSupported(reason: string): never;
}

export type { TimeoutName };
