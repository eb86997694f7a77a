import { controllerRefOf, type KubeObject, type LabelSelector } from '../../client/index.ts';
import { selectorMatches } from '../shared/label-selector.ts';
import { rfc3339 } from '../shared/json.ts';
import { isPodAvailable, isPodReady, isPodTerminating, restartCount, type Pod } from '../shared/pods.ts';

/** Upstream's cap on creations or deletions in one sync (BurstReplicas). */
export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH = 1;
export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** The fields of a ReplicaSet or ReplicationController the planning needs, kind-neutral. */
export interface ReplicaOwner {
  uid: string;
  deleting: boolean;
  replicas: number;
  minReadySeconds: number;
  generation: number;
  selector: LabelSelector;
  templateLabels: Record<string, string>;
}

export interface Claim<T extends KubeObject = Pod> {
  /** Owned (after adoption): the objects this owner counts. */
  owned: T[];
  adopt: T[];
  release: T[];
}

/**
 * Which pods the owner claims (upstream ControllerRefManager.ClaimPods): orphans whose labels match
 * are adopted unless the owner or the pod is being deleted; owned pods that no longer match are
 * released unless the owner is being deleted; pods of another controller are left alone.
 */
export function claimPods<T extends KubeObject = Pod>(
  owner: Pick<ReplicaOwner, 'uid' | 'deleting' | 'selector'>,
  pods: T[],
  options: { adopt: boolean; release: boolean } = { adopt: true, release: true },
): Claim<T> {
  const claim: Claim<T> = { owned: [], adopt: [], release: [] };
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    const matches = selectorMatches(owner.selector, pod.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.uid) continue;
      if (matches || owner.deleting) claim.owned.push(pod);
      else if (options.release) claim.release.push(pod);
      else claim.owned.push(pod);
      continue;
    }
    if (owner.deleting || !matches || pod.metadata.deletionTimestamp || !options.adopt) continue;
    claim.adopt.push(pod);
    claim.owned.push(pod);
  }
  return claim;
}

/**
 * The owner's terminating pods (upstream FilterTerminatingPods + FilterClaimedPods): being deleted,
 * not finished, controlled by the owner and still matching its selector. They are no longer
 * replicas, but status.terminatingReplicas reports them while they shut down.
 */
export function terminatingPodsOf<T extends Pod>(owner: Pick<ReplicaOwner, 'uid' | 'selector'>, pods: T[]): T[] {
  return pods.filter((pod) => isPodTerminating(pod) && controllerRefOf(pod)?.uid === owner.uid && selectorMatches(owner.selector, pod.metadata.labels));
}

/** Creation batch sizes 1, 2, 4, … summing to count (upstream slowStartBatch). */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const batches: number[] = [];
  let remaining = count;
  let size = Math.min(remaining, initial);
  while (size > 0) {
    batches.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining);
  }
  return batches;
}

export type ReplicaAction = { kind: 'create'; count: number } | { kind: 'delete'; pods: Pod[] } | { kind: 'none' };

/** How many pods to create, or which to delete, to reach the desired count (capped at BURST_REPLICAS). */
export function planReplicas(desired: number, active: Pod[], relatedPods: Pod[] = active): ReplicaAction {
  const diff = active.length - desired;
  if (diff < 0) return { kind: 'create', count: Math.min(-diff, BURST_REPLICAS) };
  if (diff > 0) return { kind: 'delete', pods: podsToDelete(active, relatedPods, Math.min(diff, BURST_REPLICAS)) };
  return { kind: 'none' };
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The `count` pods to delete first, in upstream's ActivePodsWithRanks order: unscheduled before
 * scheduled, Pending < Unknown < Running, not ready before ready, lower deletion cost first, pods
 * doubled up on a node with related pods first, ready for less time first, more restarts first,
 * newer first.
 */
export function podsToDelete(pods: Pod[], relatedPods: Pod[], count: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const pod of relatedPods) {
    const node = pod.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: Pod) => (pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank)).slice(0, count);
}

function compareForDeletion(a: Pod, b: Pod, rank: (pod: Pod) => number): number {
  const aNode = a.spec?.nodeName ?? '';
  const bNode = b.spec?.nodeName ?? '';
  if (aNode !== bNode && (!aNode || !bNode)) return aNode ? 1 : -1;
  const phase = (pod: Pod) => PHASE_ORDINAL[pod.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  const cost = (pod: Pod) => Number(pod.metadata.annotations?.[DELETION_COST_ANNOTATION] ?? 0) || 0;
  if (cost(a) !== cost(b)) return cost(a) - cost(b);
  if (rank(a) !== rank(b)) return rank(b) - rank(a);
  if (isPodReady(a) && isPodReady(b)) {
    const readySince = (pod: Pod) => Date.parse(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '') || 0;
    if (readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  }
  if (restartCount(a) !== restartCount(b)) return restartCount(b) - restartCount(a);
  const created = (pod: Pod) => Date.parse(pod.metadata.creationTimestamp ?? '') || Number.POSITIVE_INFINITY;
  return created(b) - created(a);
}

export interface ReplicaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  /** Only for ReplicaSets (upstream 1.33+, on by default since 1.35); ReplicationControllers have no such field. */
  terminatingReplicas?: number;
  conditions?: ReplicaCondition[];
}

/**
 * The status upstream's calculateStatus writes. manageError is the failure of this sync's creates
 * (diff < 0 → FailedCreate) or deletes (FailedDelete); it sets ReplicaFailure, and a sync without
 * error removes it. Every count covers active pods only (owned: not finished, not being deleted), as
 * upstream counts them; terminating pods, when given, are reported apart as terminatingReplicas.
 */
export function calculateStatus(
  owner: ReplicaOwner,
  owned: Pod[],
  previousConditions: ReplicaCondition[] | undefined,
  manageError: { creating: boolean; message: string } | undefined,
  now: number,
  terminating?: Pod[],
): ReplicaStatus {
  const templateSelector: LabelSelector = { matchLabels: owner.templateLabels };
  const conditions = (previousConditions ?? []).filter((condition) => condition.type !== 'ReplicaFailure' || manageError);
  const failure = conditions.find((condition) => condition.type === 'ReplicaFailure');
  if (manageError && !failure) {
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: rfc3339(now),
      reason: manageError.creating ? 'FailedCreate' : 'FailedDelete',
      message: manageError.message,
    });
  }
  return {
    replicas: owned.length,
    fullyLabeledReplicas: owned.filter((pod) => selectorMatches(templateSelector, pod.metadata.labels)).length,
    readyReplicas: owned.filter(isPodReady).length,
    availableReplicas: owned.filter((pod) => isPodAvailable(pod, owner.minReadySeconds, now)).length,
    observedGeneration: owner.generation,
    ...(terminating ? { terminatingReplicas: terminating.length } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/** The pod a controller creates from its template (upstream GetPodFromTemplate). */
export function podFromTemplate(
  template: { metadata?: KubeObject['metadata']; spec?: unknown },
  owner: { apiVersion: string; kind: string; name: string; uid: string; namespace: string },
): Pod {
  const metadata = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.name}-`,
      namespace: owner.namespace,
      ...(metadata.labels ? { labels: { ...metadata.labels } } : {}),
      ...(metadata.annotations ? { annotations: { ...metadata.annotations } } : {}),
      ...(metadata.finalizers ? { finalizers: [...metadata.finalizers] } : {}),
      ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template.spec ?? {}) as Pod['spec'],
  };
}
