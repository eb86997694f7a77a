import type { V1Deployment, V1ReplicaSet, V1ReplicationController } from '@kubernetes/client-node';
import { podTemplate, type PodOptions } from './pod-template.js';

export interface WorkloadOptions extends PodOptions {
  replicas?: number;
  /** Pod labels, also the selector. Default: `{ name: <workload name> }`, as upstream's fixtures. */
  labels?: Record<string, string>;
  /**
   * Labels on the workload object itself. Deployments and ReplicaSets default to the pod labels, as
   * upstream's NewDeployment/newRS fixtures do; ReplicationControllers to none.
   */
  objectLabels?: Record<string, string>;
  annotations?: Record<string, string>;
  minReadySeconds?: number;
}

export interface DeploymentOptions extends WorkloadOptions {
  strategy?: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

function metadata(name: string, options: WorkloadOptions, defaultLabels?: Record<string, string>) {
  const labels = options.objectLabels ?? defaultLabels;
  return {
    name,
    ...(labels ? { labels: { ...labels } } : {}),
    ...(options.annotations ? { annotations: { ...options.annotations } } : {}),
  };
}

export function deployment(name: string, options: DeploymentOptions): V1Deployment {
  const labels = options.labels ?? { name };
  const rolling = options.maxSurge !== undefined || options.maxUnavailable !== undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(name, options, labels),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      template: podTemplate(labels, options),
      ...(options.strategy || rolling
        ? {
            strategy: {
              type: options.strategy ?? 'RollingUpdate',
              ...(rolling ? { rollingUpdate: { maxSurge: options.maxSurge, maxUnavailable: options.maxUnavailable } } : {}),
            },
          }
        : {}),
      ...(options.minReadySeconds !== undefined ? { minReadySeconds: options.minReadySeconds } : {}),
      ...(options.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: options.revisionHistoryLimit } : {}),
      ...(options.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: options.progressDeadlineSeconds } : {}),
      ...(options.paused !== undefined ? { paused: options.paused } : {}),
    },
  };
}

export function replicaSet(name: string, options: WorkloadOptions): V1ReplicaSet {
  const labels = options.labels ?? { name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: metadata(name, options, labels),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      template: podTemplate(labels, options),
      ...(options.minReadySeconds !== undefined ? { minReadySeconds: options.minReadySeconds } : {}),
    },
  };
}

export function replicationController(name: string, options: WorkloadOptions): V1ReplicationController {
  const labels = options.labels ?? { name };
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: metadata(name, options),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { ...labels },
      template: podTemplate(labels, options),
      ...(options.minReadySeconds !== undefined ? { minReadySeconds: options.minReadySeconds } : {}),
    },
  };
}
