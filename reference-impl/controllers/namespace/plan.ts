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
  /** e.g. { 'pods.': 2, 'deployments.apps': 1 } (see resourceName) */
  resources: Record<string, number>;
  /** finalizer → number of instances carrying it */
  finalizers: Record<string, number>;
}

/** What one pass of the deleter ran into, besides what remains. */
export interface DeletionFailures {
  /** Discovery of the served resources failed (the pass worked on what it had). */
  discovery?: string;
  /** One message per resource whose content could not be deleted or that unexpectedly remains. */
  content: string[];
}

/**
 * The five conditions upstream's namespace deleter keeps on every terminating namespace, each with
 * its "all is well" variant (status False). Clients read the mere presence of e.g.
 * NamespaceDeletionContentFailure as a sign that the controller has processed the namespace.
 */
const CONDITION_TYPES = ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

const summary = (counts: Record<string, number>, suffix: string) =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${suffix.replace('%d', String(count))}`)
    .sort()
    .join(', ');

/** The failing variant of each condition this pass calls for; the rest get their OK variant. */
function failing(remaining: Remaining, failures: DeletionFailures): Partial<Record<ConditionType, { reason: string; message: string }>> {
  const found: Partial<Record<ConditionType, { reason: string; message: string }>> = {};
  if (failures.discovery) found.NamespaceDeletionDiscoveryFailure = { reason: 'DiscoveryFailed', message: failures.discovery };
  if (failures.content.length > 0) {
    const messages = [...failures.content].sort();
    found.NamespaceDeletionContentFailure = { reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}` };
  }
  if (Object.values(remaining.resources).some((count) => count > 0)) {
    found.NamespaceContentRemaining = { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${summary(remaining.resources, 'has %d resource instances')}` };
  }
  if (Object.values(remaining.finalizers).some((count) => count > 0)) {
    found.NamespaceFinalizersRemaining = { reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${summary(remaining.finalizers, 'in %d resource instances')}` };
  }
  return found;
}

/**
 * The namespace's conditions after a pass of the deleter: all five deletion conditions, True with
 * a reason where something failed or remains, False ("all is well") otherwise. A condition keeps
 * its lastTransitionTime unless its status flips; conditions of other types are kept as they are.
 */
export function deletionConditions(remaining: Remaining, previous: NamespaceCondition[] | undefined, now: number, failures: DeletionFailures = { content: [] }): NamespaceCondition[] {
  const failed = failing(remaining, failures);
  const result = [...(previous ?? [])];
  for (const type of CONDITION_TYPES) {
    const wanted: NamespaceCondition = failed[type] ? { type, status: 'True', ...failed[type] } : { type, status: 'False', ...OK[type] };
    const index = result.findIndex((condition) => condition.type === type);
    const before = index >= 0 ? result[index]! : undefined;
    if (before && before.status === wanted.status && before.reason === wanted.reason && before.message === wanted.message) continue;
    const lastTransitionTime = before && before.status === wanted.status && before.lastTransitionTime ? before.lastTransitionTime : rfc3339(now);
    const next = { type, status: wanted.status, lastTransitionTime, reason: wanted.reason, message: wanted.message };
    if (index >= 0) result[index] = next;
    else result.push(next);
  }
  return result;
}

/** The resource name as upstream prints it in conditions: `plural.group`, so `pods.` for the core group. */
export const resourceName = (group: string, plural: string): string => `${plural}.${group}`;

/**
 * Ordered namespace deletion (stable since 1.34, KEP-5080): pods are deleted first, and nothing
 * else is touched while any pod remains, so a workload never outlives the objects it runs on
 * (ConfigMaps, Secrets, NetworkPolicies…). Returns the phases in order; a phase runs only once the
 * previous one left nothing behind.
 */
export function deletionPhases<T extends { group: string; plural: string }>(resources: readonly T[]): T[][] {
  const isPods = (type: T) => type.group === '' && type.plural === 'pods';
  const pods = resources.filter(isPods);
  const rest = resources.filter((type) => !isPods(type));
  return pods.length > 0 ? [pods, rest] : [rest];
}

/**
 * How many seconds remaining pods may still take to terminate gracefully (upstream
 * estimateGracefulTerminationForPods): the longest grace period among non-terminal pods, or 0
 * once that much time has passed since the namespace's deletion. Items that remain with neither
 * finalizers nor such an estimate are unexpected and reported as a content failure.
 */
export function podGraceEstimate(pods: readonly { spec?: { terminationGracePeriodSeconds?: number }; status?: { phase?: string } }[], deletedAt: number, now: number): number {
  let estimate = 0;
  for (const pod of pods) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return now - deletedAt >= estimate * 1000 ? 0 : estimate;
}
