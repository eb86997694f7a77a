import { RESOURCES, type KubeObject, type LabelSelector, type ResourceType } from '../../client/index.ts';
import type { ReplicaCondition, ReplicaOwner, ReplicaStatus } from './plan.ts';

/** A ReplicaSet or ReplicationController as the shared replica controller reads it. */
export interface ReplicaController extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector | Record<string, string>;
    template?: { metadata?: KubeObject['metadata']; spec?: unknown };
  };
  status?: Partial<ReplicaStatus> & { conditions?: ReplicaCondition[] };
}

/** What differs between ReplicaSets and ReplicationControllers; the logic is shared (as upstream does with adapters). */
export interface ReplicaKind {
  resource: ResourceType;
  apiVersion: string;
  kind: string;
  component: string;
  /** status.terminatingReplicas exists (ReplicaSet) or not (ReplicationController). */
  reportsTerminating: boolean;
  selectorOf(owner: ReplicaController): LabelSelector;
}

export const REPLICA_SET: ReplicaKind = {
  resource: RESOURCES.replicasets,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  reportsTerminating: true,
  selectorOf: (owner) => (owner.spec?.selector as LabelSelector | undefined) ?? { matchLabels: { '\u0000none': '' } },
};

export const REPLICATION_CONTROLLER: ReplicaKind = {
  resource: RESOURCES.replicationcontrollers,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  component: 'replication-controller',
  reportsTerminating: false,
  // An RC selector is a plain map, defaulted by the API server to the template labels.
  selectorOf: (owner) => ({ matchLabels: (owner.spec?.selector as Record<string, string> | undefined) ?? owner.spec?.template?.metadata?.labels ?? { '\u0000none': '' } }),
};

export function ownerView(kind: ReplicaKind, owner: ReplicaController): ReplicaOwner {
  return {
    uid: String(owner.metadata.uid),
    deleting: Boolean(owner.metadata.deletionTimestamp),
    replicas: owner.spec?.replicas ?? 1,
    minReadySeconds: owner.spec?.minReadySeconds ?? 0,
    generation: owner.metadata.generation ?? 0,
    selector: kind.selectorOf(owner),
    templateLabels: owner.spec?.template?.metadata?.labels ?? {},
  };
}
