import type { KubernetesObject, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import type { Predicate, Verdict } from './predicate.js';

/**
 * A set of objects found by listing: "the pods of web", "replica sets labelled app=web". Waits re-list it;
 * `allNamespaces` lists cluster-wide (still filtered by the selectors).
 */
export class Selection<T extends KubernetesObject = KubernetesObject> {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    readonly options: {
      labelSelector?: string;
      fieldSelector?: string;
      allNamespaces?: boolean;
      /** Extra filter applied after listing, e.g. "owned by this ReplicaSet". */
      filter?: (object: T) => boolean;
      description: string;
    },
  ) {}

  get description(): string {
    return this.options.description;
  }
}

export function labelSelectorText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Renders a LabelSelector (matchLabels + matchExpressions) as the labelSelector query parameter. */
export function selectorText(selector: V1LabelSelector): string {
  const parts = [labelSelectorText(selector.matchLabels ?? {})];
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    if (expression.operator === 'In') parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === 'Exists') parts.push(expression.key);
    else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
  }
  return parts.filter((part) => part.length > 0).join(',');
}

/** The label selector of a workload: Deployment/ReplicaSet (LabelSelector) or ReplicationController (map). */
export function workloadSelector(workload: KubernetesObject): string {
  const selector = (workload as { spec?: { selector?: unknown } }).spec?.selector;
  if (!selector || typeof selector !== 'object') return '';
  if ('matchLabels' in selector || 'matchExpressions' in selector) return selectorText(selector as V1LabelSelector);
  return labelSelectorText(selector as Record<string, string>);
}

/** Pods carrying the labels; with no labels, every pod of the test namespace. */
export function pods(labels: Readonly<Record<string, string>> = {}): Selection<V1Pod> {
  const text = labelSelectorText(labels);
  return new Selection<V1Pod>('v1', 'Pod', { labelSelector: text, description: text ? `pods labelled ${text}` : 'all pods of the namespace' });
}

/** The pods a workload selects (what upstream's helpers count as "the workload's pods"). */
export function podsOf(workload: KubernetesObject): Selection<V1Pod> {
  return new Selection<V1Pod>('v1', 'Pod', {
    labelSelector: workloadSelector(workload),
    description: `pods of ${workload.kind} ${workload.metadata?.name}`,
  });
}

/** Objects of a kind carrying the labels (e.g. the ReplicaSets of a Deployment). */
export function labelled<T extends KubernetesObject>(
  apiVersion: string,
  kind: string,
  labels: Readonly<Record<string, string>>,
  options: { allNamespaces?: boolean } = {},
): Selection<T> {
  const text = labelSelectorText(labels);
  const where = options.allNamespaces ? ' in all namespaces' : '';
  return new Selection<T>(apiVersion, kind, { labelSelector: text, allNamespaces: options.allNamespaces, description: `${kind}s labelled ${text}${where}` });
}

/** The ReplicaSets a Deployment controls (selected by its selector, owned by it). */
export function replicaSetsOf(deployment: KubernetesObject): Selection {
  return new Selection('apps/v1', 'ReplicaSet', {
    labelSelector: workloadSelector(deployment),
    filter: (rs) => (rs.metadata?.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === deployment.metadata?.uid),
    description: `ReplicaSets of Deployment ${deployment.metadata?.name}`,
  });
}

/** A short one-line summary of listed objects, for failure messages. */
export function summarize(objects: readonly KubernetesObject[], detail: (o: KubernetesObject) => string = () => ''): string {
  if (objects.length === 0) return 'none';
  const shown = objects.slice(0, 8).map((o) => {
    const extra = detail(o);
    return extra ? `${o.metadata?.name} (${extra})` : `${o.metadata?.name}`;
  });
  return `${objects.length}: ${shown.join(', ')}${objects.length > 8 ? ', …' : ''}`;
}

export function count<T extends KubernetesObject>(expected: number, noun = 'objects'): Predicate<T[]> {
  return {
    description: `exactly ${expected} ${noun}`,
    check: (list) => ({ ok: (list ?? []).length === expected, observed: `${noun}: ${summarize(list ?? [])}` }),
  };
}

/** Every object (and at least `min`, default 1) satisfies the predicate. */
export function every<T extends KubernetesObject>(predicate: Predicate<T>, options: { min?: number; noun?: string } = {}): Predicate<T[]> {
  const min = options.min ?? 1;
  const noun = options.noun ?? 'objects';
  return {
    description: `at least ${min} ${noun}, every one ${predicate.description}`,
    check(list) {
      const all = list ?? [];
      const failing = all.map((o) => [o, predicate.check(o)] as const).filter(([, v]) => !v.ok);
      const observed: Verdict['observed'] =
        failing.length > 0
          ? `${failing.length} of ${all.length} ${noun} not: ${failing.slice(0, 4).map(([o, v]) => `${o.metadata?.name}: ${v.observed}`).join('; ')}`
          : `${noun}: ${summarize(all)}`;
      return { ok: all.length >= min && failing.length === 0, observed };
    },
  };
}

/** At least `n` objects satisfy the predicate. */
export function atLeast<T extends KubernetesObject>(n: number, predicate: Predicate<T>, noun = 'objects'): Predicate<T[]> {
  return {
    description: `at least ${n} ${noun} ${predicate.description}`,
    check(list) {
      const all = list ?? [];
      const matching = all.filter((o) => predicate.check(o).ok);
      return { ok: matching.length >= n, observed: `${matching.length} of ${all.length} ${noun} match (${summarize(all)})` };
    },
  };
}

/**
 * Upstream's VerifyPodsRunning: exactly `n` pods that are not being deleted, every one Running.
 * Terminating pods (deletionTimestamp set) are ignored, as upstream's PodsCreated does.
 */
export function runningPods(n: number): Predicate<V1Pod[]> {
  return {
    description: `exactly ${n} pods, all Running`,
    check(list) {
      const live = (list ?? []).filter((p) => !p.metadata?.deletionTimestamp);
      const running = live.filter((p) => p.status?.phase === 'Running');
      return {
        ok: live.length === n && running.length === n,
        observed: `pods: ${summarize(live, (p) => String((p as V1Pod).status?.phase ?? 'no phase'))}`,
      };
    },
  };
}
