import type { KubeObject } from '../../client/index.ts';
import { parseQuantity } from '../shared/quantity.ts';

/** Quota names that count objects of a core resource, besides count/<resource>. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods', services: 'services', replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
  secrets: 'secrets', configmaps: 'configmaps', persistentvolumeclaims: 'persistentvolumeclaims',
};
/** cpu, memory, ephemeral-storage: bare (= requests) or with requests./limits. */
const COMPUTE = /^(?:(requests|limits)\.)?(cpu|memory|ephemeral-storage)$/;
/** Hugepages are requested like compute (`requests.hugepages-2Mi`, `hugepages-2Mi`). */
const HUGEPAGES = /^(?:requests\.)?(hugepages-.+)$/;
/** `<class>.storageclass.storage.k8s.io/persistentvolumeclaims` and `.../requests.storage`. */
const BY_STORAGE_CLASS = /^(.+)\.storageclass\.storage\.k8s\.io\/(persistentvolumeclaims|requests\.storage)$/;

/**
 * Quota on an extended resource is only ever `requests.<name>` where name is an extended
 * resource: domain-qualified, outside kubernetes.io (upstream IsExtendedResourceName).
 */
function extendedRequest(key: string): string | undefined {
  if (!key.startsWith('requests.')) return undefined;
  const name = key.slice('requests.'.length);
  if (!name.includes('/') || name.startsWith('requests.')) return undefined;
  const domain = name.slice(0, name.indexOf('/'));
  return domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io') ? undefined : name;
}

/** Which pod requests/limits a pod quota key sums, or undefined when the key does not count pod compute. */
function podComputeOf(key: string): { kind: 'requests' | 'limits'; name: string } | undefined {
  const compute = COMPUTE.exec(key);
  if (compute) return { kind: (compute[1] ?? 'requests') as 'requests' | 'limits', name: compute[2]! };
  const hugepages = HUGEPAGES.exec(key);
  if (hugepages) return { kind: 'requests', name: hugepages[1]! };
  const extended = extendedRequest(key);
  return extended ? { kind: 'requests', name: extended } : undefined;
}

/**
 * Which resource (group, plural) a quota key counts: `pods`, `count/deployments.apps`,
 * `requests.cpu` / `requests.example.com/dongle` (pods), `services.nodeports`, `requests.storage`
 * and `gold.storageclass.storage.k8s.io/requests.storage` (persistentvolumeclaims). Keys no
 * evaluator knows get no usage at all, as upstream.
 */
export function resourceForKey(key: string): { group: string; plural: string } | undefined {
  if (LEGACY_COUNTS[key]) return { group: '', plural: key };
  if (key === 'services.nodeports' || key === 'services.loadbalancers') return { group: '', plural: 'services' };
  if (key === 'requests.storage' || BY_STORAGE_CLASS.test(key)) return { group: '', plural: 'persistentvolumeclaims' };
  if (podComputeOf(key)) return { group: '', plural: 'pods' };
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
interface ClaimLike extends KubeObject {
  spec?: { storageClassName?: string; resources?: { requests?: Record<string, string> } };
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

/** One requirement of a quota's spec.scopeSelector. */
export interface ScopeRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/**
 * Whether a quota's scopeSelector governs this pod: PriorityClass compares the pod's class with
 * the values (In / NotIn; Exists / DoesNotExist: whether it has one), the other scopes are plain
 * Exists / DoesNotExist tests of the scope.
 */
export function podMatchesScopeSelector(requirements: ScopeRequirement[], pod: PodLike): boolean {
  return requirements.every((requirement) => {
    if (requirement.scopeName === 'PriorityClass' && (requirement.operator === 'In' || requirement.operator === 'NotIn')) {
      const listed = (requirement.values ?? []).includes(pod.spec?.priorityClassName ?? '');
      return requirement.operator === 'In' ? listed : !listed;
    }
    const matched = podInScopes([requirement.scopeName], pod);
    return requirement.operator === 'DoesNotExist' ? !matched : matched;
  });
}

/** One pod's compute: the containers' sum or the largest init container, whichever is larger. */
function podCompute(pod: PodLike, kind: 'requests' | 'limits', name: string): number {
  const sum = (pod.spec?.containers ?? []).reduce((total, c) => total + parseQuantity(c.resources?.[kind]?.[name]), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c) => parseQuantity(c.resources?.[kind]?.[name])));
  return Math.max(sum, init);
}

/** The storage class a claim asks for (the beta annotation still wins, as upstream's helper). */
function storageClassOf(claim: ClaimLike): string {
  return claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claim.spec?.storageClassName ?? '';
}

/** What `objects` (all of the resource the key counts, one namespace) use of quota key `key`, as a number. */
export function usageFor(key: string, objects: KubeObject[], scopes: string[] = [], selector: ScopeRequirement[] = []): number {
  const target = resourceForKey(key);
  if (!target) return 0;
  let items = objects;
  if (target.plural === 'pods' && target.group === '') {
    items = (objects as PodLike[]).filter((pod) => podActive(pod) && podInScopes(scopes, pod) && podMatchesScopeSelector(selector, pod));
  }
  const compute = podComputeOf(key);
  if (compute && target.plural === 'pods') return items.reduce((total, pod) => total + podCompute(pod as PodLike, compute.kind, compute.name), 0);
  if (key === 'services.nodeports') {
    return items.filter((s) => ['NodePort', 'LoadBalancer'].includes(String((s.spec as { type?: string })?.type))).reduce((total, s) => total + ((s.spec as { ports?: unknown[] }).ports?.length ?? 0), 0);
  }
  if (key === 'services.loadbalancers') return items.filter((s) => (s.spec as { type?: string })?.type === 'LoadBalancer').length;
  const byClass = BY_STORAGE_CLASS.exec(key);
  if (byClass) items = (items as ClaimLike[]).filter((claim) => storageClassOf(claim) === byClass[1]);
  if (key === 'requests.storage' || byClass?.[2] === 'requests.storage') {
    return (items as ClaimLike[]).reduce((total, claim) => total + parseQuantity(claim.spec?.resources?.requests?.storage), 0);
  }
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
