import { isPodReady, podCondition, type Pod } from '../shared/pods.ts';
import { milliCpu, parseQuantity } from '../shared/quantity.ts';

/** Upstream's default --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;
/** Pods younger than this count as unready for CPU unless their metric postdates readiness. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60 * 1000;
export const INITIAL_READINESS_DELAY_MS = 30 * 1000;

/** One pod's usage of the resource (millicores for cpu, bytes otherwise) and when it was sampled. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

export interface ResourceTarget {
  resource: string;
  /** Percentage of requests, when the target is Utilization. */
  averageUtilization?: number;
  /** Absolute per-pod average (same units as PodMetric.value), when the target is AverageValue. */
  averageValue?: number;
}

export interface ReplicaResult {
  replicas: number;
  /** Current average utilization in percent (Utilization targets) … */
  utilization?: number;
  /** … and the average raw usage per pod. */
  averageValue: number;
}

export const requestOf = (pod: Pod, resource: string): number =>
  (pod.spec?.containers ?? []).reduce((sum, c) => sum + (resource === 'cpu' ? milliCpu(c.resources?.requests?.cpu) : parseQuantity(c.resources?.requests?.[resource])), 0);

/**
 * Upstream groupPods: deleted and failed pods are ignored; Pending pods, and for CPU pods not
 * yet Ready or sampled before they became Ready during their initialization period, are unready;
 * pods without a metric are missing.
 */
function groupPods(pods: Pod[], metrics: Map<string, PodMetric>, resource: string, now: number) {
  const ready: string[] = [];
  const unready: string[] = [];
  const missing: string[] = [];
  for (const pod of pods) {
    const name = String(pod.metadata.name);
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') continue;
    if (pod.status?.phase === 'Pending') {
      unready.push(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.push(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = podCondition(pod, 'Ready');
      const started = Date.parse(String(pod.status?.startTime ?? '')) || 0;
      const readySince = Date.parse(condition?.lastTransitionTime ?? '') || 0;
      let isUnready: boolean;
      if (!condition) isUnready = true;
      else if (started + CPU_INITIALIZATION_PERIOD_MS > now) isUnready = !isPodReady(pod) || metric.timestamp < readySince + metric.windowMs;
      else isUnready = !isPodReady(pod) && readySince < started + INITIAL_READINESS_DELAY_MS;
      if (isUnready) {
        unready.push(name);
        continue;
      }
    }
    ready.push(name);
  }
  return { ready, unready, missing };
}

/**
 * The replica count for one Resource metric (upstream GetResourceReplicas / calcPlainMetricReplicas):
 * scale by usage ratio over ready pods unless within tolerance; when pods are missing metrics or
 * unready on a scale-up, assume the conservative usage for them (target when shrinking, 0 when
 * growing) and give up the change if that flips or neutralizes its direction.
 */
export function resourceReplicas(currentReplicas: number, target: ResourceTarget, pods: Pod[], metrics: Map<string, PodMetric>, now: number, tolerance = TOLERANCE): ReplicaResult {
  const { ready, unready, missing } = groupPods(pods, metrics, target.resource, now);
  const byName = new Map(pods.map((pod) => [String(pod.metadata.name), pod]));
  const usage = new Map(ready.map((name) => [name, metrics.get(name)!.value]));
  if (usage.size === 0) throw new Error(`did not receive metrics for targeted pods (pods might be unready)`);
  const ratioOf = (values: Map<string, number>) => {
    let used = 0;
    let requested = 0;
    for (const [name, value] of values) {
      used += value;
      requested += requestOf(byName.get(name)!, target.resource);
    }
    if (target.averageUtilization !== undefined) {
      if (requested === 0) throw new Error(`missing request for ${target.resource}`);
      const utilization = (used * 100) / requested;
      return { ratio: utilization / target.averageUtilization, utilization: Math.trunc(utilization), average: used / values.size };
    }
    return { ratio: used / values.size / (target.averageValue ?? 1), utilization: undefined, average: used / values.size };
  };
  const first = ratioOf(usage);
  const result = (replicas: number): ReplicaResult => ({ replicas, ...(first.utilization !== undefined ? { utilization: first.utilization } : {}), averageValue: Math.round(first.average) });
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(first.ratio * usage.size));
  }
  for (const name of missing) {
    const request = requestOf(byName.get(name)!, target.resource);
    const assumed = target.averageUtilization !== undefined ? (request * target.averageUtilization) / 100 : (target.averageValue ?? 0);
    usage.set(name, first.ratio < 1 ? assumed : 0);
  }
  if (scaleUpWithUnready) for (const name of unready) usage.set(name, 0);
  const second = ratioOf(usage);
  if (Math.abs(1 - second.ratio) <= tolerance || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) return result(currentReplicas);
  const replicas = Math.ceil(second.ratio * usage.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}
