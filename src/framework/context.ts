import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { ApiError } from './api-client.js';
import type { Guard } from './guard.js';
import type { ImageTable } from './images.js';
import type { Predicate } from './predicate.js';
import type { Probe } from './probe.js';
import type { Selection } from './selection.js';
import type { TimeoutName } from './timeouts.js';
import type { WatchRecorder } from './watch.js';

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
  /** Image table after --image-repository / images-file remapping (see images.ts remapImages). */
  images: ImageTable;
  observer: TestObserver;
  signal: AbortSignal;
}

/** A patch as the API takes it: the patch type decides how the body is merged. */
export interface PatchSpec {
  type: 'strategic' | 'merge' | 'json' | 'apply';
  body: unknown;
  /** Server-side apply: the field manager (required there) and whether to take over conflicting fields. */
  fieldManager?: string;
  force?: boolean;
}

export type Subresource = 'status' | 'scale';

export interface WaitOptions {
  /** A named timeout (scaled by --timeout-scale); defaults to `short`. */
  timeout?: TimeoutName;
  /** An explicit bound in ms instead (also scaled), for upstream's own per-test numbers. */
  withinMs?: number;
}

export interface WindowOptions {
  /** Length of the observation window in ms. Never scaled down: upstream's windows are the minimum. */
  forMs: number;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

/**
 * The object a conformance test's body receives. It hides namespaces, polling, retries of transient
 * API errors, cleanup and diagnostics. Implemented in src/framework/test-context.ts.
 * Every object argument only needs apiVersion, kind and metadata.name (the namespace defaults to the test's).
 */
export interface TestContext {
  readonly namespace: string;
  readonly kubeConfig: KubeConfig;
  readonly images: ImageTable;
  readonly signal: AbortSignal;
  /** A named step; its duration and outcome go to the reports. */
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  log(message: string): void;
  /** Timeout in ms for a named entry of the timeout table, already scaled by --timeout-scale. */
  timeout(name: TimeoutName): number;
  /** An upstream per-test bound in ms (e.g. "watch ≤ 30 s"), scaled by --timeout-scale like the named ones. */
  scaled(ms: number): number;
  /** `prefix-xxxxx`: a fresh name for tests whose upstream counterpart randomises names. */
  uniqueName(prefix: string): string;
  /** Register a cleanup, run (last first) when the test ends. The runner deletes the namespace anyway. */
  defer(cleanup: () => Promise<void>): void;
  /** Skip this test with a reason (result: skipped). */
  skip(reason: string): never;
  /** The cluster lacks an optional feature (result: not-supported). */
  notSupported(reason: string): never;

  /** Create an object in the test namespace (namespace filled in) and remember it for evidence. */
  create<T extends KubernetesObject>(object: T): Promise<T>;
  get<T extends KubernetesObject>(object: T, subresource?: Subresource): Promise<T>;
  /** Like get, but undefined when the object does not exist. */
  find<T extends KubernetesObject>(object: T): Promise<T | undefined>;
  list<T extends KubernetesObject>(selection: Selection<T>): Promise<T[]>;
  /** A list and the resourceVersion it was read at: start a watch there to see everything after it. */
  listWithVersion<T extends KubernetesObject>(selection: Selection<T>): Promise<{ items: T[]; resourceVersion: string }>;
  /**
   * PUT. Conditional on metadata.resourceVersion when the object carries one, unconditional otherwise.
   * For `scale` the body is an autoscaling/v1 Scale: pass the object it scales as `owner`.
   */
  update<T extends KubernetesObject>(object: T, subresource?: Subresource, owner?: KubernetesObject): Promise<T>;
  patch<T extends KubernetesObject>(object: T, patch: PatchSpec, subresource?: Subresource): Promise<T>;
  /** Reads the object, applies `change` to it and PUTs it, retrying on 409 Conflict (upstream's RetryOnConflict). */
  modify<T extends KubernetesObject>(object: T, change: (current: T) => void, subresource?: Subresource): Promise<T>;
  delete(object: KubernetesObject, options?: DeleteOptions): Promise<void>;
  deleteCollection(selection: Selection, options?: DeleteOptions): Promise<void>;
  /** GET through the API server's proxy subresource of a pod or service (`…/proxy/<path>`). */
  proxyGet(target: KubernetesObject, options?: { port?: string | number; path?: string }): Promise<{ statusCode: number; body: string }>;
  /** Any method through the proxy subresource, e.g. POST /ConsumeCPU?millicores=250 to a load generator. */
  proxy(
    target: KubernetesObject,
    options: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; port?: string | number; path?: string; query?: Record<string, string | number> },
  ): Promise<{ statusCode: number; body: string }>;
  /** Whether the cluster serves an API group version (`metrics.k8s.io/v1beta1`), for optional features. */
  servesApi(groupVersion: string): Promise<boolean>;
  /** A container's log through pods/log. */
  logs(pod: KubernetesObject, container?: string): Promise<string>;
  /** Runs `action`, expecting the API to refuse it with this reason (`Conflict`, `Invalid`, …) or status code. */
  expectApiError(action: () => Promise<unknown>, expected: string | number): Promise<ApiError>;

  /** Waits until the object (re-read on each poll) satisfies the predicate; returns what it last read. */
  eventually<T>(target: Probe<T>, predicate: Predicate<NoInfer<T>>, options?: WaitOptions): Promise<T>;
  eventually<T extends KubernetesObject>(target: Selection<T>, predicate: Predicate<NoInfer<T>[]>, options?: WaitOptions): Promise<T[]>;
  eventually<T extends KubernetesObject>(target: T, predicate: Predicate<NoInfer<T>>, options?: WaitOptions): Promise<T>;
  /** Checks that the predicate holds at every poll for the whole window. */
  consistently<T>(target: Probe<T>, predicate: Predicate<NoInfer<T>>, options: WindowOptions): Promise<void>;
  consistently<T extends KubernetesObject>(target: Selection<T>, predicate: Predicate<NoInfer<T>[]>, options: WindowOptions): Promise<void>;
  consistently<T extends KubernetesObject>(target: T, predicate: Predicate<NoInfer<T>>, options: WindowOptions): Promise<void>;
  /** Records the watch events of an object or a selection, from `resourceVersion` if given. Stopped at the end of the test. */
  watch<T extends KubernetesObject>(target: T | Selection<T>, options?: { resourceVersion?: string }): Promise<WatchRecorder<T>>;
  /** Starts checking an invariant on every state a watch shows; `stop()` ends the window and fails if it broke. */
  guard<T extends KubernetesObject>(target: Selection<T>, invariant: Predicate<NoInfer<T>[]>): Promise<Guard<T[]>>;
  guard<T extends KubernetesObject>(target: T, invariant: Predicate<NoInfer<T>>): Promise<Guard<T>>;
}

export type { TimeoutName };
