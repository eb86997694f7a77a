/**
 * ResourceQuota admission, pure part: what an object uses of each quota resource (object counts,
 * pod compute requests and limits, service node ports), which quotas apply (scopes), and the
 * refusal upstream gives: `exceeded quota: NAME, requested: pods=1, used: pods=2, limited: pods=2`
 * or `failed quota: NAME: must specify limits.cpu for: web`.
 */
import { addQuantities, formatQuantity, parseQuantity, type Quantity } from '../strategy/quantity.js';

type Json = Record<string, any>;
export type Usage = Map<string, Quantity>;

const ONE: Quantity = { nanos: 1_000_000_000n, format: 'DecimalSI' };

/** Quota resource names that count objects of a resource, besides the count/<resource>[.<group>] form. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  secrets: 'secrets',
  configmaps: 'configmaps',
  persistentvolumeclaims: 'persistentvolumeclaims',
};

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

/** The objects of a list field, whatever the body held. */
export function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
}

export function isPodActive(pod: Json): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** What one object uses; group/resource name its kind (group '' for core). */
export function usageOf(group: string, resource: string, object: Json): Usage {
  const usage: Usage = new Map();
  const countKey = group ? `count/${resource}.${group}` : `count/${resource}`;
  if (resource === 'pods' && group === '' && !isPodActive(object)) return usage;
  usage.set(countKey, ONE);
  if (group === '' && LEGACY_COUNTS[resource]) usage.set(LEGACY_COUNTS[resource]!, ONE);
  if (group === '' && resource === 'pods') addPodCompute(object, usage);
  if (group === '' && resource === 'services') {
    const type = object.spec?.type;
    const ports = Array.isArray(object.spec?.ports) ? object.spec.ports.length : 0;
    if (type === 'NodePort' || type === 'LoadBalancer') usage.set('services.nodeports', { nanos: BigInt(ports) * ONE.nanos, format: 'DecimalSI' });
    if (type === 'LoadBalancer') usage.set('services.loadbalancers', ONE);
  }
  return usage;
}

/** Pod requests/limits: the sum over containers, or the largest init container if larger. */
function addPodCompute(pod: Json, usage: Usage): void {
  for (const kind of ['requests', 'limits'] as const) {
    for (const name of COMPUTE) {
      const sum = sumOf(pod.spec?.containers, kind, name);
      const init = maxOf(pod.spec?.initContainers, kind, name);
      const total = init && (!sum || init.nanos > sum.nanos) ? init : sum;
      if (!total) continue;
      usage.set(`${kind}.${name}`, total);
      if (kind === 'requests') usage.set(name, total);
    }
  }
}

function quantityOf(container: Json, kind: string, name: string): Quantity | undefined {
  return parseQuantity(container?.resources?.[kind]?.[name]);
}

function sumOf(containers: unknown, kind: string, name: string): Quantity | undefined {
  let total: Quantity | undefined;
  for (const container of Array.isArray(containers) ? containers : []) {
    const quantity = quantityOf(container, kind, name);
    if (quantity) total = total ? addQuantities(total, quantity) : quantity;
  }
  return total;
}

function maxOf(containers: unknown, kind: string, name: string): Quantity | undefined {
  let best: Quantity | undefined;
  for (const container of Array.isArray(containers) ? containers : []) {
    const quantity = quantityOf(container, kind, name);
    if (quantity && (!best || quantity.nanos > best.nanos)) best = quantity;
  }
  return best;
}

export function addUsage(into: Usage, more: Usage): void {
  for (const [name, quantity] of more) into.set(name, into.has(name) ? addQuantities(into.get(name)!, quantity) : quantity);
}

function isBestEffort(pod: Json): boolean {
  const containers = [...listOf(pod.spec?.containers), ...listOf(pod.spec?.initContainers)];
  return containers.every((container) => Object.keys(container.resources?.requests ?? {}).length === 0 && Object.keys(container.resources?.limits ?? {}).length === 0);
}

function matchesScope(scope: string, resource: string, object: Json): boolean {
  if (resource !== 'pods') return false;
  switch (scope) {
    case 'Terminating':
      return typeof object.spec?.activeDeadlineSeconds === 'number';
    case 'NotTerminating':
      return typeof object.spec?.activeDeadlineSeconds !== 'number';
    case 'BestEffort':
      return isBestEffort(object);
    case 'NotBestEffort':
      return !isBestEffort(object);
    case 'PriorityClass':
      return Boolean(object.spec?.priorityClassName);
    default:
      return false;
  }
}

/** Does this quota govern this object? Quotas with scopes only govern pods matching all of them. */
export function quotaApplies(quota: Json, group: string, resource: string, object: Json): boolean {
  const scopes: string[] = Array.isArray(quota.spec?.scopes) ? quota.spec.scopes : [];
  const expressions: Json[] = Array.isArray(quota.spec?.scopeSelector?.matchExpressions) ? quota.spec.scopeSelector.matchExpressions : [];
  if (scopes.length === 0 && expressions.length === 0) return true;
  if (group !== '') return false;
  if (!scopes.every((scope) => matchesScope(scope, resource, object))) return false;
  return expressions.every((expression) => {
    const matched = matchesScope(expression.scopeName, resource, object);
    if (expression.scopeName === 'PriorityClass' && Array.isArray(expression.values) && expression.values.length > 0) {
      const inList = expression.values.includes(object.spec?.priorityClassName ?? '');
      return expression.operator === 'NotIn' ? !inList : inList;
    }
    return expression.operator === 'DoesNotExist' ? !matched : matched;
  });
}

const print = (usage: Usage, names: string[]) => names.map((name) => `${name}=${formatQuantity(usage.get(name) ?? { nanos: 0n, format: 'DecimalSI' })}`).join(',');

/**
 * The refusal for one quota, or undefined when the object fits. `used` is what the namespace uses
 * without this object; `requested` what the object adds.
 */
export function checkQuota(quota: Json, requested: Usage, used: Usage, object: Json, resource: string): string | undefined {
  const hard: Json = quota.spec?.hard ?? {};
  const name = quota.metadata?.name ?? '';
  if (resource === 'pods') {
    const missing = missingComputeConstraints(hard, object);
    if (missing) return `failed quota: ${name}: must specify ${missing}`;
  }
  const exceeded: string[] = [];
  for (const [resourceName, limitText] of Object.entries(hard)) {
    const delta = requested.get(resourceName);
    const limit = parseQuantity(limitText);
    if (!delta || delta.nanos <= 0n || !limit) continue;
    const current = used.get(resourceName)?.nanos ?? 0n;
    if (current + delta.nanos > limit.nanos) exceeded.push(resourceName);
  }
  if (exceeded.length === 0) return undefined;
  exceeded.sort();
  const limits: Usage = new Map(exceeded.map((resourceName) => [resourceName, parseQuantity(hard[resourceName])!]));
  return `exceeded quota: ${name}, requested: ${print(requested, exceeded)}, used: ${print(used, exceeded)}, limited: ${print(limits, exceeded)}`;
}

/** A quota on requests.cpu (etc.) requires every container to state it. */
function missingComputeConstraints(hard: Json, pod: Json): string | undefined {
  const required: string[] = [];
  for (const name of Object.keys(hard)) {
    if (COMPUTE.includes(name)) required.push(`requests.${name}`);
    else if (/^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.test(name)) required.push(name);
  }
  const missing = new Map<string, string[]>();
  for (const container of [...listOf(pod.spec?.initContainers), ...listOf(pod.spec?.containers)]) {
    for (const constraint of new Set(required)) {
      const [kind, resourceName] = constraint.split('.') as [string, string];
      if (container.resources?.[kind]?.[resourceName] === undefined) missing.set(constraint, [...(missing.get(constraint) ?? []), container.name]);
    }
  }
  if (missing.size === 0) return undefined;
  return [...missing.keys()].sort().map((constraint) => `${constraint} for: ${missing.get(constraint)!.sort().join(',')}`).join('; ');
}
