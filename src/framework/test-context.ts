import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CheckError, ConformanceFailure, NotSupported, SkipTest } from '../errors.js';
import { ApiClient, ApiError, type ApiRequest } from './api-client.js';
import type { DeleteOptions, Evidence, PatchSpec, Subresource, TestContext, TestContextOptions, WaitOptions, WindowOptions } from './context.js';
import { gatherEvidence } from './evidence.js';
import { Guard } from './guard.js';
import type { Predicate } from './predicate.js';
import { Probe } from './probe.js';
import { collectionPath, describeRef, objectPath, refOf, resourceInfo, type ObjectRef } from './resources.js';
import { describeError, withRetries } from './retry.js';
import { Selection } from './selection.js';
import { runStep } from './steps.js';
import { POLL_INTERVAL_MS, TIMEOUTS, type TimeoutName } from './timeouts.js';
import { consistently, eventually, type Reader } from './waits.js';
import { WatchRecorder } from './watch.js';

const PATCH_CONTENT_TYPES: Record<PatchSpec['type'], string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};
/** Name lowercase alphabet for uniqueName, like upstream's rand.String. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_CONFLICT_RETRIES = 10;
const EVIDENCE_BUDGET_MS = 20_000;

export interface TestContextHandle {
  context: TestContext;
  collectEvidence(): Promise<Evidence>;
  dispose(): Promise<void>;
}

export function createTestContext(options: TestContextOptions): TestContextHandle {
  const api = new ApiClient(options.kubeConfig);
  const created: ObjectRef[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const recorders: WatchRecorder[] = [];
  const guards: Array<Guard<unknown>> = [];
  const { namespace, signal, observer } = options;
  // Parallel tests share the run's signal; each wait and watch listens on it for a moment.
  setMaxListeners(0, signal);

  const timeout = (name: TimeoutName) => Math.round(TIMEOUTS[name] * options.timeoutScale);
  /** Every API call: transient failures retried with backoff, persistent ones become CheckError. */
  const call = <T>(request: ApiRequest): Promise<T> =>
    withRetries(() => api.request<T>(request, signal), {
      budgetMs: timeout('apiCall'),
      signal,
      describe: `${request.method} ${request.path}`,
      onRetry: (attempt, error) => observer.log(`retrying ${request.method} ${request.path} (attempt ${attempt}): ${describeError(error)}`),
    });
  const refFor = (object: KubernetesObject) => refOf(object, namespace);
  const pathOf = (object: KubernetesObject, subresource?: string) => {
    const ref = refFor(object);
    return objectPath(resourceInfo(ref.apiVersion, ref.kind), ref.namespace, ref.name, subresource);
  };
  const listPath = <T extends KubernetesObject>(selection: Selection<T>) =>
    collectionPath(resourceInfo(selection.apiVersion, selection.kind), selection.options.allNamespaces ? undefined : namespace);
  const listQuery = <T extends KubernetesObject>(selection: Selection<T>) => ({ labelSelector: selection.options.labelSelector || undefined, fieldSelector: selection.options.fieldSelector });
  const stamp = <T extends KubernetesObject>(object: T): T => {
    const ref = refFor(object);
    return { apiVersion: ref.apiVersion, kind: ref.kind, ...object };
  };

  async function find<T extends KubernetesObject>(object: T): Promise<T | undefined> {
    try {
      return stamp(await call<T>({ method: 'GET', path: pathOf(object) }));
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  async function listWithVersion<T extends KubernetesObject>(selection: Selection<T>) {
    const list = await call<{ items: T[]; metadata?: { resourceVersion?: string } }>({ method: 'GET', path: listPath(selection), query: listQuery(selection) });
    const filter = selection.options.filter ?? (() => true);
    const items = list.items.map((item) => ({ apiVersion: selection.apiVersion, kind: selection.kind, ...item }) as T).filter(filter);
    return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  function readerFor(target: KubernetesObject | Selection | Probe<unknown>): { read: Reader<unknown>; subject: string } {
    // A guard broken while this wait runs ends the wait with the guard's own failure.
    const checked = (read: Reader<unknown>): Reader<unknown> => async () => {
      for (const guard of guards) guard.throwIfViolated();
      return read();
    };
    if (target instanceof Probe) return { read: checked(target.read), subject: target.subject };
    if (target instanceof Selection) return { read: checked(async () => (await listWithVersion(target)).items), subject: target.description };
    return { read: checked(() => find(target)), subject: describeRef(refFor(target)) };
  }

  function waitBound(wait: WaitOptions | undefined): number {
    if (wait?.withinMs !== undefined) return Math.round(wait.withinMs * options.timeoutScale);
    return timeout(wait?.timeout ?? 'short');
  }

  async function startWatch<T extends KubernetesObject>(target: T | Selection<T>, resourceVersion?: string) {
    let recorder: WatchRecorder<T>;
    if (target instanceof Selection) {
      recorder = new WatchRecorder<T>(
        options.kubeConfig,
        { path: listPath(target), ...listQuery(target), resourceVersion, description: target.description },
        signal,
      );
    } else {
      const ref = refFor(target);
      recorder = new WatchRecorder<T>(
        options.kubeConfig,
        { path: collectionPath(resourceInfo(ref.apiVersion, ref.kind), ref.namespace), fieldSelector: `metadata.name=${ref.name}`, resourceVersion, description: describeRef(ref) },
        signal,
      );
    }
    recorders.push(recorder as unknown as WatchRecorder);
    return recorder.start();
  }

  const context: TestContext = {
    namespace,
    kubeConfig: options.kubeConfig,
    images: options.images,
    signal,
    step: (name, body) => runStep(observer, name, body),
    log: (message) => observer.log(message),
    timeout,
    scaled: (ms) => Math.round(ms * options.timeoutScale),
    uniqueName: (prefix) => `${prefix}-${[...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('')}`,
    defer: (cleanup) => void cleanups.push(cleanup),
    skip(reason): never {
      throw new SkipTest(reason);
    },
    notSupported(reason): never {
      throw new NotSupported(reason);
    },

    async create(object) {
      const withNamespace = { ...object, metadata: { ...object.metadata, namespace: object.metadata?.namespace ?? namespace } };
      if (!object.apiVersion || !object.kind) throw new CheckError('create() needs an object with apiVersion and kind');
      const info = resourceInfo(object.apiVersion, object.kind);
      const result = stamp(await call<typeof object>({ method: 'POST', path: collectionPath(info, withNamespace.metadata.namespace), body: withNamespace }));
      created.push(refFor(result));
      return result;
    },
    get: async (object, subresource) => {
      const result = await call<typeof object>({ method: 'GET', path: pathOf(object, subresource) });
      return subresource === 'scale' ? result : stamp(result);
    },
    find,
    list: async (selection) => (await listWithVersion(selection)).items,
    listWithVersion,
    update: async (object, subresource, owner) => {
      const result = await call<typeof object>({ method: 'PUT', path: pathOf(owner ?? object, subresource), body: object });
      return subresource === 'scale' ? result : stamp(result);
    },
    async patch(object, patch, subresource) {
      const body = patch.type === 'apply' ? JSON.stringify(patch.body) : patch.body;
      const query = { fieldManager: patch.fieldManager, force: patch.force };
      const result = await call<typeof object>({ method: 'PATCH', path: pathOf(object, subresource), body, query, contentType: PATCH_CONTENT_TYPES[patch.type] });
      return subresource === 'scale' ? result : stamp(result);
    },
    async modify(object, change, subresource) {
      for (let attempt = 1; ; attempt++) {
        const current = await context.get(object, subresource);
        change(current);
        try {
          return await context.update(current, subresource, object);
        } catch (error) {
          if (!(error instanceof ApiError && error.statusCode === 409) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        }
      }
    },
    async delete(object, deleteOptions: DeleteOptions = {}) {
      await call({ method: 'DELETE', path: pathOf(object), body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions } });
    },
    async deleteCollection(selection, deleteOptions: DeleteOptions = {}) {
      await call({ method: 'DELETE', path: listPath(selection), query: listQuery(selection), body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions } });
    },
    proxyGet: (target, proxyOptions = {}) => context.proxy(target, { method: 'GET', ...proxyOptions }),
    async proxy(target, proxyOptions) {
      const ref = refFor(target);
      const name = proxyOptions.port === undefined ? ref.name : `${ref.name}:${proxyOptions.port}`;
      const path = `${objectPath(resourceInfo(ref.apiVersion, ref.kind), ref.namespace, name)}/proxy/${proxyOptions.path ?? ''}`;
      const request: ApiRequest = { method: proxyOptions.method, path, query: proxyOptions.query, raw: true, ...(proxyOptions.method === 'GET' ? {} : { body: '' }) };
      return withRetries(() => api.send(request, signal), { budgetMs: timeout('apiCall'), signal, describe: `${proxyOptions.method} ${path}` });
    },
    async servesApi(groupVersion) {
      const path = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
      const response = await withRetries(() => api.send({ method: 'GET', path }, signal), { budgetMs: timeout('apiCall'), signal, describe: `GET ${path}` });
      return response.statusCode === 200;
    },
    logs: (pod, container) => call<string>({ method: 'GET', path: pathOf(pod, 'log'), query: { container }, raw: true }),
    async expectApiError(action, expected) {
      try {
        await action();
      } catch (thrown) {
        const error = thrown instanceof CheckError && thrown.cause instanceof ApiError ? thrown.cause : thrown;
        if (error instanceof ApiError && (error.reason === expected || error.statusCode === expected)) return error;
        if (thrown instanceof ApiError) throw new ConformanceFailure(`expected the API to refuse with ${expected}; it answered ${thrown.statusCode} ${thrown.reason}: ${thrown.serverMessage}`);
        throw thrown;
      }
      throw new ConformanceFailure(`expected the API to refuse with ${expected}; it accepted the request`);
    },

    eventually: (async (target: KubernetesObject | Selection | Probe<unknown>, predicate: Predicate<unknown>, waitOptions?: WaitOptions) => {
      const { read, subject } = readerFor(target);
      return eventually(read, predicate, { timeoutMs: waitBound(waitOptions), pollMs: POLL_INTERVAL_MS, signal, subject });
    }) as TestContext['eventually'],
    consistently: (async (target: KubernetesObject | Selection | Probe<unknown>, predicate: Predicate<unknown>, windowOptions: WindowOptions) => {
      const { read, subject } = readerFor(target);
      return consistently(read, predicate, { timeoutMs: windowOptions.forMs, pollMs: POLL_INTERVAL_MS, signal, subject });
    }) as TestContext['consistently'],
    watch: (target, watchOptions) => startWatch(target, watchOptions?.resourceVersion),
    guard: (async (target: KubernetesObject | Selection, invariant: Predicate<unknown>) => {
      const asSet = target instanceof Selection;
      const listed = asSet
        ? await listWithVersion(target)
        : await (async () => {
            const ref = refFor(target);
            const selection = new Selection(ref.apiVersion, ref.kind, { fieldSelector: `metadata.name=${ref.name}`, description: describeRef(ref) });
            return listWithVersion(selection);
          })();
      const recorder = await startWatch(target, listed.resourceVersion);
      const subject = asSet ? target.description : describeRef(refFor(target));
      const keep = asSet ? (target.options.filter as ((o: KubernetesObject) => boolean) | undefined) : undefined;
      const guard = new Guard(recorder, invariant, subject, asSet, listed.items, keep);
      guards.push(guard);
      return guard;
    }) as TestContext['guard'],
  };

  return {
    context,
    async collectEvidence() {
      const budget = AbortSignal.timeout(EVIDENCE_BUDGET_MS);
      const evidence = gatherEvidence(api, namespace, created);
      const timedOut = new Promise<Evidence>((resolve) =>
        budget.addEventListener('abort', () => resolve({ events: ['(kcert gave up collecting evidence after 20s)'], objects: [], logs: [] })),
      );
      return Promise.race([evidence, timedOut]);
    },
    async dispose() {
      for (const guard of guards) guard.dispose();
      for (const recorder of recorders) recorder.stop();
      const errors: string[] = [];
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          errors.push(describeError(error));
        }
      }
      if (errors.length > 0) throw new CheckError(`cleanup failed: ${errors.join('; ')}`);
    },
  };
}
