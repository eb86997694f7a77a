import type { KubeObject } from '../../client/index.ts';
import { parseQuantity } from '../shared/quantity.ts';

/** Quota names that count objects of a core resource, besides count/<resource>. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods', services: 'services', replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
  secrets: 'secrets', configmaps: 'configmaps', persistentvolumeclaims: 'persistentvolumeclaims',
};
const COMPUTE = /^(?:(requests|limits)\.)?(cpu|memory|ephemeral-storage)$/;

/** Which resource (group, plural) a quota key counts: `pods`, `count/deployments.apps`, `requests.cpu` (pods), `services.nodeports`. */
export function resourceForKey(key: string): { group: string; plural: string } | undefined {
  if (LEGACY_COUNTS[key]) return { group: '', plural: key };
  if (key === 'services.nodeports' || key === 'services.loadbalancers') return { group: '', plural: 'services' };
  if (COMPUTE.test(key)) return { group: '', plural: 'pods' };
  const count = /^count\/([^.]+)(?:\.(.+))?$/.exec(key);
  if (count) return { group: count[2] ?? '', plural: count[1]! };
  return undefined;
}

interface PodLike extends KubeObject {
  spec?: { activeDeadlineSeconds?: number; priorityClassName?: string; containers?: Container[]; initContainers?: Container[] };
  status?: { phase?: string };
}
interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

const podActive = (pod: PodLike) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

function isBestEffort(pod: PodLike): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].every(
    (c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0,
  );
}

/** Whether a scoped quota governs this pod (scopes only ever select pods). */
export function podInScopes(scopes: string[], pod: PodLike): boolean {
  return scopes.every((scope) => {
    switch (scope) {
      case 'Terminating': return typeof pod.spec?.activeDeadlineSeconds === 'number';
      case 'NotTerminating': return typeof pod.spec?.activeDeadlineSeconds !== 'number';
      case 'BestEffort': return isBestEffort(pod);
      case 'NotBestEffort': return !isBestEffort(pod);
      case 'PriorityClass': return Boolean(pod.spec?.priorityClassName);
      default: return false;
    }
  });
}

/** One pod's compute: the containers' sum or the largest init container, whichever is larger. */
function podCompute(pod: PodLike, kind: 'requests' | 'limits', name: string): number {
  const sum = (pod.spec?.containers ?? []).reduce((total, c) => total + parseQuantity(c.resources?.[kind]?.[name]), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c) => parseQuantity(c.resources?.[kind]?.[name])));
  return Math.max(sum, init);
}

/** What `objects` (all of the resource the key counts, one namespace) use of quota key `key`, as a number. */
export function usageFor(key: string, objects: KubeObject[], scopes: string[] = []): number {
  const target = resourceForKey(key);
  if (!target) return 0;
  let items = objects;
  if (target.plural === 'pods' && target.group === '') items = (objects as PodLike[]).filter((pod) => podActive(pod) && podInScopes(scopes, pod));
  const compute = COMPUTE.exec(key);
  if (compute) {
    const kind = (compute[1] ?? 'requests') as 'requests' | 'limits';
    return items.reduce((total, pod) => total + podCompute(pod as PodLike, kind, compute[2]!), 0);
  }
  if (key === 'services.nodeports') {
    return items.filter((s) => ['NodePort', 'LoadBalancer'].includes(String((s.spec as { type?: string })?.type))).reduce((total, s) => total + ((s.spec as { ports?: unknown[] }).ports?.length ?? 0), 0);
  }
  if (key === 'services.loadbalancers') return items.filter((s) => (s.spec as { type?: string })?.type === 'LoadBalancer').length;
  return items.length;
}

/** A usage number printed the way the quota's hard value is written: `500m`/`2` for CPU, `128Mi` for binary memory, plain counts. */
export function formatUsage(key: string, value: number, hard: string): string {
  if (/cpu$/.test(key)) {
    const millis = Math.round(value * 1000);
    return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
  }
  if (/(memory|storage)$/.test(key)) {
    if (/[KMGTPE]i$/.test(hard) || value === 0) {
      for (const [suffix, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
        if (value > 0 && value % size === 0) return `${value / size}${suffix}`;
      }
    }
    return String(Math.round(value));
  }
  return String(Math.round(value));
}
