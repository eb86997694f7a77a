import type { KubernetesObject, V1ResourceQuota, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';

export interface HpaOptions {
  /** The workload to scale (through its scale subresource). */
  target: KubernetesObject;
  minReplicas?: number;
  maxReplicas: number;
  /** Target average CPU utilization in percent of the pods' CPU requests. */
  cpuUtilization: number;
  /** autoscaling/v2 behavior: a short scale-down window keeps tests fast; upstream's default is 300 s. */
  scaleDownStabilizationSeconds?: number;
}

export function hpa(name: string, options: HpaOptions): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: options.target.apiVersion, kind: options.target.kind!, name: options.target.metadata!.name! },
      minReplicas: options.minReplicas ?? 1,
      maxReplicas: options.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: options.cpuUtilization } } }],
      ...(options.scaleDownStabilizationSeconds !== undefined
        ? { behavior: { scaleDown: { stabilizationWindowSeconds: options.scaleDownStabilizationSeconds } } }
        : {}),
    },
  };
}

/** A ResourceQuota with hard limits, e.g. `{ pods: '2' }`. */
export function resourceQuota(name: string, hard: Record<string, string>): V1ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard: { ...hard } } };
}
