import { rfc3339 } from '../shared/json.ts';

export const KUBERNETES_FINALIZER = 'kubernetes';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** What is still in a terminating namespace: instances per resource, and finalizers still held by them. */
export interface Remaining {
  /** e.g. { 'pods': 2, 'deployments.apps': 1 } */
  resources: Record<string, number>;
  /** finalizer → number of instances carrying it */
  finalizers: Record<string, number>;
}

const summary = (counts: Record<string, number>, suffix: string) =>
  Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, count]) => `${name} ${suffix.replace('%d', String(count))}`)
    .join(', ');

/**
 * The namespace deletion conditions upstream's namespaced-resources deleter reports:
 * NamespaceContentRemaining and NamespaceFinalizersRemaining, True while something is left.
 */
export function deletionConditions(remaining: Remaining, previous: NamespaceCondition[] | undefined, now: number): NamespaceCondition[] {
  const contentLeft = Object.keys(remaining.resources).length > 0;
  const finalizersLeft = Object.keys(remaining.finalizers).length > 0;
  const wanted: NamespaceCondition[] = [
    contentLeft
      ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${summary(remaining.resources, 'has %d resource instances')}` }
      : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
    finalizersLeft
      ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${summary(remaining.finalizers, 'in %d resource instances')}` }
      : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  ];
  const others = (previous ?? []).filter((condition) => !wanted.some((w) => w.type === condition.type));
  return [
    ...others,
    ...wanted.map((condition) => {
      const before = previous?.find((p) => p.type === condition.type);
      const same = before && before.status === condition.status && before.reason === condition.reason && before.message === condition.message;
      return same ? before : { ...condition, lastTransitionTime: before?.status === condition.status ? before.lastTransitionTime : rfc3339(now) };
    }),
  ];
}

/** The resource name as upstream prints it: plural for the core group, plural.group otherwise. */
export const resourceName = (group: string, plural: string): string => (group ? `${plural}.${group}` : plural);
