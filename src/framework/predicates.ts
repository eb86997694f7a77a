import type { KubernetesObject, V1Condition, V1Pod } from '@kubernetes/client-node';
import { allOf, fieldEquals, fieldMatches, readField, satisfies, show, type Predicate } from './predicate.js';

/** Anything with replicas: Deployment, ReplicaSet, ReplicationController, Scale. */
type Workload = KubernetesObject;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export const specReplicas = (n: number): Predicate<Workload> => fieldEquals(`spec.replicas ${n}`, 'spec.replicas', n);
export const replicas = (n: number): Predicate<Workload> => fieldEquals(`${n} replicas in status`, 'status.replicas', n);
export const readyReplicas = (n: number): Predicate<Workload> => fieldEquals(`${n} ready replicas`, 'status.readyReplicas', n);
export const availableReplicas = (n: number): Predicate<Workload> => fieldEquals(`${n} available replicas`, 'status.availableReplicas', n);
export const updatedReplicas = (n: number): Predicate<Workload> => fieldEquals(`${n} updated replicas`, 'status.updatedReplicas', n);
export const atLeastAvailable = (n: number): Predicate<Workload> =>
  fieldMatches(`at least ${n} available replicas`, 'status.availableReplicas', (v) => Number(v ?? 0) >= n);

/** The controller has seen the latest spec: status.observedGeneration ≥ metadata.generation. */
export const observedGenerationCurrent = (): Predicate<Workload> =>
  satisfies('its latest generation observed', (object) => {
    const generation = Number(readField(object, 'metadata.generation') ?? 0);
    const observed = Number(readField(object, 'status.observedGeneration') ?? 0);
    return { ok: object !== undefined && observed >= generation, observed: `status.observedGeneration = ${observed}, metadata.generation = ${generation}` };
  });

/** Upstream's DeploymentComplete: every replica updated and available, and the latest generation observed. */
export const rolloutComplete = (): Predicate<Workload> =>
  satisfies('its rollout complete (all replicas updated and available, generation observed)', (object) => {
    const want = Number(readField(object, 'spec.replicas') ?? 1);
    const status = (readField(object, 'status') ?? {}) as Record<string, number | undefined>;
    const generation = Number(readField(object, 'metadata.generation') ?? 0);
    const ok =
      object !== undefined &&
      (status.updatedReplicas ?? 0) === want &&
      (status.replicas ?? 0) === want &&
      (status.availableReplicas ?? 0) === want &&
      (status.observedGeneration ?? 0) >= generation;
    return {
      ok,
      observed: `spec.replicas = ${want}, status = {replicas: ${status.replicas ?? 0}, updatedReplicas: ${status.updatedReplicas ?? 0}, availableReplicas: ${status.availableReplicas ?? 0}, observedGeneration: ${status.observedGeneration ?? 0}}, generation = ${generation}`,
    };
  });

export const revision = (value: string | number): Predicate<Workload> =>
  fieldMatches(`revision ${value}`, 'metadata.annotations', (annotations) => (annotations as Record<string, string> | undefined)?.[REVISION_ANNOTATION] === String(value));

export const hasLabel = (key: string, value: string): Predicate<KubernetesObject> =>
  fieldMatches(`label ${key}=${value}`, 'metadata.labels', (labels) => (labels as Record<string, string> | undefined)?.[key] === value);

/** The first container of the pod template runs `image`. */
export const templateImage = (image: string): Predicate<Workload> =>
  fieldMatches(`template image ${image}`, 'spec.template.spec.containers', (containers) => (containers as Array<{ image?: string }> | undefined)?.[0]?.image === image);

export function hasCondition(type: string, status = 'True', reason?: string, message?: string): Predicate<KubernetesObject> {
  return fieldMatches(
    `condition ${type}=${status}${reason ? ` (reason ${reason})` : ''}${message ? ` with message "${message}"` : ''}`,
    'status.conditions',
    (conditions) =>
      ((conditions as V1Condition[] | undefined) ?? []).some(
        (c) => c.type === type && c.status === status && (!reason || c.reason === reason) && (!message || c.message === message),
      ),
  );
}

export function lacksCondition(type: string): Predicate<KubernetesObject> {
  return fieldMatches(`no ${type} condition`, 'status.conditions', (conditions) => !((conditions as V1Condition[] | undefined) ?? []).some((c) => c.type === type));
}

// Pods

export const podPhase = (phase: string): Predicate<V1Pod> => fieldEquals(`phase ${phase}`, 'status.phase', phase);
export const podRunning = (): Predicate<V1Pod> => podPhase('Running');

export const podReady = (): Predicate<V1Pod> =>
  fieldMatches('Ready', 'status.conditions', (conditions) => ((conditions as V1Condition[] | undefined) ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));

export const podRunningAndReady = (): Predicate<V1Pod> => allOf(podRunning(), podReady());

/** The pod's controller ownerReference points at `owner` (by uid). */
export function controlledBy(owner: KubernetesObject): Predicate<KubernetesObject> {
  return fieldMatches(
    `controlled by ${owner.kind} ${owner.metadata?.name}`,
    'metadata.ownerReferences',
    (refs) => ((refs as Array<{ uid?: string; controller?: boolean }> | undefined) ?? []).some((ref) => ref.controller === true && ref.uid === owner.metadata?.uid),
  );
}

export function notControlled(): Predicate<KubernetesObject> {
  return fieldMatches('without a controller ownerReference', 'metadata.ownerReferences', (refs) => !((refs as Array<{ controller?: boolean }> | undefined) ?? []).some((ref) => ref.controller === true));
}

/** The object no longer exists (or is being deleted). */
export function gone(): Predicate<KubernetesObject> {
  return {
    description: 'gone',
    check: (object) =>
      object === undefined
        ? { ok: true, observed: 'not found' }
        : { ok: object.metadata?.deletionTimestamp !== undefined, observed: `still present (deletionTimestamp = ${show(object.metadata?.deletionTimestamp)})` },
  };
}

export const runsImage = (image: string): Predicate<V1Pod> =>
  fieldMatches(`running image ${image}`, 'spec.containers', (containers) => (containers as Array<{ image?: string }> | undefined)?.some((c) => c.image === image) ?? false);

export const firstContainerNamed = (name: string): Predicate<V1Pod> =>
  fieldMatches(`with container ${name}`, 'spec.containers', (containers) => (containers as Array<{ name?: string }> | undefined)?.[0]?.name === name);

/** Upstream's waitForReplicaSetTargetSpecReplicas: the controller saw the latest spec and spec.replicas is n. */
export const settledAt = (n: number): Predicate<Workload> => allOf(observedGenerationCurrent(), specReplicas(n));

/** Upstream's waitForReplicaSetDesiredReplicas: status.replicas caught up with spec.replicas. */
export const desiredReplicasReached = (): Predicate<Workload> =>
  satisfies('status.replicas equal to spec.replicas, generation observed', (object) => {
    const spec = Number(readField(object, 'spec.replicas') ?? 1);
    const status = Number(readField(object, 'status.replicas') ?? 0);
    const generation = Number(readField(object, 'metadata.generation') ?? 0);
    const observed = Number(readField(object, 'status.observedGeneration') ?? 0);
    return { ok: object !== undefined && spec === status && observed >= generation, observed: `spec.replicas = ${spec}, status.replicas = ${status}, observedGeneration ${observed}/${generation}` };
  });

/** spec.replicas and status.replicas both equal n (upstream's ensureReplicas). */
export const specAndStatusReplicas = (n: number): Predicate<Workload> => allOf(specReplicas(n), replicas(n));

export const atLeastUpdated = (n: number): Predicate<Workload> =>
  fieldMatches(`at least ${n} updated replicas`, 'status.updatedReplicas', (v) => Number(v ?? 0) >= n);

export function exists(): Predicate<KubernetesObject> {
  return { description: 'present', check: (object) => ({ ok: object !== undefined, observed: object === undefined ? 'not found' : 'present' }) };
}
