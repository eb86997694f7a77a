import type { KubeObject, LabelSelector } from '../../client/index.ts';
import type { ReplicaCondition } from '../replicaset/plan.ts';

export type IntOrString = number | string;

export interface PodTemplate {
  metadata?: KubeObject['metadata'];
  spec?: Record<string, unknown>;
}

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  terminatingReplicas?: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
  [field: string]: unknown;
}

export interface Deployment extends KubeObject {
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    strategy?: { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

export interface ReplicaSet extends KubeObject {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
  };
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    terminatingReplicas?: number;
    conditions?: ReplicaCondition[];
  };
}

/** spec.replicas with the API default (1). */
export const desiredReplicas = (d: Deployment): number => d.spec.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet | undefined): number => rs?.spec.replicas ?? 0;
export const rsAvailable = (rs: ReplicaSet | undefined): number => rs?.status?.availableReplicas ?? 0;
export const rsActual = (rs: ReplicaSet | undefined): number => rs?.status?.replicas ?? 0;

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export const specReplicaSum = (sets: (ReplicaSet | undefined)[]): number => sets.reduce((sum, rs) => sum + rsReplicas(rs), 0);
/** Sum of status.replicas (GetActualReplicaCountForReplicaSets). */
export const actualReplicaSum = (sets: (ReplicaSet | undefined)[]): number => sets.reduce((sum, rs) => sum + rsActual(rs), 0);
export const availableReplicaSum = (sets: (ReplicaSet | undefined)[]): number => sets.reduce((sum, rs) => sum + rsAvailable(rs), 0);
/**
 * Sum of status.terminatingReplicas (GetTerminatingReplicaCountForReplicaSets). A set its
 * controller has not synced yet has no pods to count; a synced set without the field makes the sum
 * unknown (undefined: the Deployment then reports no terminatingReplicas either).
 */
export function terminatingReplicaSum(sets: (ReplicaSet | undefined)[]): number | undefined {
  let sum = 0;
  for (const rs of sets) {
    if (!rs || (rs.status?.terminatingReplicas === undefined && !rs.status?.observedGeneration)) continue;
    if (rs.status?.terminatingReplicas === undefined) return undefined;
    sum += rs.status.terminatingReplicas;
  }
  return sum;
}
export const readyReplicaSum = (sets: (ReplicaSet | undefined)[]): number => sets.reduce((sum, rs) => sum + (rs?.status?.readyReplicas ?? 0), 0);

/** Oldest first; ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const at = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  return String(a.metadata.name) < String(b.metadata.name) ? -1 : 1;
}
