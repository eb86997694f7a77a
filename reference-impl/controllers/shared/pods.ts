import type { KubeObject } from '../../client/index.ts';

/** The pod fields controllers read. */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    schedulerName?: string;
    containers?: { name: string; image?: string; ports?: { name?: string; containerPort: number; protocol?: string }[]; resources?: { requests?: Record<string, string> } }[];
    initContainers?: { name: string; resources?: { requests?: Record<string, string> } }[];
    hostname?: string;
    subdomain?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
    [field: string]: unknown;
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    hostIP?: string;
    conditions?: PodCondition[];
    containerStatuses?: { name: string; restartCount?: number; ready?: boolean; state?: Record<string, unknown> }[];
    [field: string]: unknown;
  };
}

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Ready for more than minReadySeconds, judged by the Ready condition's lastTransitionTime
 * (upstream podutil.IsPodAvailable: the instant itself does not count yet, hence `<`).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

/**
 * Milliseconds until a Ready pod becomes available (upstream nextPodAvailabilityCheck), or
 * undefined when it is not Ready or already is. A recheck after this delay (plus a margin, since
 * availability starts strictly after it) sees the pod available.
 */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return undefined;
  const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
  return at >= now ? at - now : undefined;
}

/** Not finished and not being deleted (upstream controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Being deleted but not finished yet (upstream controller.IsPodTerminating): counted in status.terminatingReplicas. */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.metadata.deletionTimestamp) && phase !== 'Succeeded' && phase !== 'Failed';
}

export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}
