import type { V1Pod } from '@kubernetes/client-node';
import { podSpec, type PodOptions } from './pod-template.js';

export interface BarePodOptions extends PodOptions {
  labels?: Record<string, string>;
}

/** A pod not owned by any controller (e.g. one a ReplicaSet should adopt). */
export function pod(name: string, options: BarePodOptions): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { ...(options.labels ?? { name }) } },
    spec: podSpec(options),
  };
}
