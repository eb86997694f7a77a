/**
 * Admission for the reference API server, run by the core after defaulting and validation of a
 * create or update (ApiContext.admit): Service address allocation, LimitRanger defaults and
 * checks, the pod defaults of the ServiceAccount, Priority and DefaultTolerationSeconds plugins,
 * and ResourceQuota. It reads what it needs through AdmissionObjects (the core implements it over
 * its store) and throws only AdmissionError (403 Forbidden or 422 Invalid).
 *
 * Usage in the core:
 *   const admission = createAdmission({ list: (group, resource, ns) => ... });
 *   await admission.admit({ operation, group, resource, object, old, dryRun });
 *   catch AdmissionError e: e.code === 403 → forbidden(info, name, e.detail); 422 → invalid(kind, group, name, e.causes)
 */
import { AdmissionError } from './admission-error.js';
import { applyLimitRangeDefaults, limitRangeViolations } from './limit-ranger.js';
import { addUsage, checkQuota, quotaApplies, usageOf, type Usage } from './quota.js';
import { Reservations } from './reservations.js';
import { addressesOf, allocateServiceAddresses, type AddressRanges } from './service-allocation.js';

export { AdmissionError } from './admission-error.js';

type Json = Record<string, any>;

export interface AdmissionObjects {
  /** Stored objects of group/resource ('' for core) in one namespace, or everywhere when namespace is undefined. */
  list(group: string, resource: string, namespace?: string): Promise<Json[]>;
}

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE';
  /** Group and plural resource of the stored form, as strategyFor() takes them. */
  group: string;
  resource: string;
  /** The object about to be stored (already defaulted and validated); admission may change it. */
  object: Json;
  old?: Json;
  dryRun?: boolean;
  /** Set for writes through a subresource ('status' …); those are not admitted for quota. */
  subresource?: string;
}

export interface Admission {
  admit(request: AdmissionRequest): Promise<void>;
}

export interface AdmissionOptions {
  /** The cluster's Service CIDR and NodePort range (its NetworkPlan); Services cannot be admitted without them. */
  ranges?: AddressRanges;
  random?: () => number;
  now?: () => number;
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

export function createAdmission(objects: AdmissionObjects, options: AdmissionOptions = {}): Admission {
  const addressReservations = new Reservations<{ clusterIPs: string[]; nodePorts: number[] }>(10_000, options.now);
  const quotaReservations = new Reservations<Usage>(10_000, options.now);
  const quotaScope = (namespace: string, group: string, resource: string) => `${namespace}/${group}/${resource}`;

  async function allocate(request: AdmissionRequest): Promise<void> {
    await addressReservations.exclusive('services', async () => {
      const services = await objects.list('', 'services');
      const self = request.object.metadata?.uid;
      const stored = new Set(services.map((service) => String(service.metadata?.uid)));
      const clusterIPs = new Set<string>();
      const nodePorts = new Set<number>();
      const take = (held: { clusterIPs: string[]; nodePorts: number[] }) => {
        held.clusterIPs.forEach((ip) => clusterIPs.add(ip));
        held.nodePorts.forEach((port) => nodePorts.add(port));
      };
      const sameName = (service: Json) =>
        service.metadata?.namespace === request.object.metadata?.namespace && service.metadata?.name === request.object.metadata?.name;
      // On create, a Service of the same name makes the write fail as AlreadyExists: its addresses do not count.
      for (const service of services) {
        if (service.metadata?.uid === self || (request.operation === 'CREATE' && sameName(service))) continue;
        take(addressesOf(service));
      }
      addressReservations.pending('services', stored).forEach(take);
      if (!options.ranges) throw new Error('admission: Services need the Service CIDR and NodePort range (AdmissionOptions.ranges)');
      const result = allocateServiceAddresses(request.object, request.old, { clusterIPs, nodePorts }, options.ranges, options.random);
      if (result.causes.length > 0) throw AdmissionError.invalid(result.causes);
      if (!request.dryRun && self) addressReservations.reserve('services', self, result);
    });
  }

  async function admitPod(request: AdmissionRequest): Promise<void> {
    const pod = request.object;
    const namespace = pod.metadata?.namespace;
    if (request.operation !== 'CREATE') return;
    const spec: Json = (pod.spec ??= {});
    spec.serviceAccountName ||= 'default';
    spec.serviceAccount = spec.serviceAccountName;
    if (!spec.priorityClassName) spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.enableServiceLinks ??= true;
    const tolerations: Json[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    for (const toleration of DEFAULT_TOLERATIONS) {
      if (!tolerations.some((existing) => existing.key === toleration.key && (existing.effect ?? 'NoExecute') === 'NoExecute')) tolerations.push({ ...toleration });
    }
    spec.tolerations = tolerations;
    const limitRanges = await objects.list('', 'limitranges', namespace);
    if (limitRanges.length === 0) return;
    applyLimitRangeDefaults(pod, limitRanges);
    const problems = limitRangeViolations(pod, limitRanges);
    if (problems.length === 1) throw AdmissionError.forbidden(problems[0]!);
    if (problems.length > 1) throw AdmissionError.forbidden(`[${problems.join(', ')}]`);
  }

  async function enforceQuota(request: AdmissionRequest): Promise<void> {
    const namespace = request.object.metadata?.namespace;
    if (!namespace || request.subresource) return;
    const { group, resource, object } = request;
    const requested = usageOf(group, resource, object);
    if (request.old) {
      for (const [name, before] of usageOf(group, resource, request.old)) {
        const after = requested.get(name);
        if (after) requested.set(name, { nanos: after.nanos - before.nanos, format: after.format });
      }
    }
    if (![...requested.values()].some((quantity) => quantity.nanos > 0n)) return;
    await quotaReservations.exclusive(quotaScope(namespace, group, resource), async () => {
      const quotas = (await objects.list('', 'resourcequotas', namespace)).filter((quota) => quotaApplies(quota, group, resource, object));
      if (quotas.length === 0) return;
      const used = await usageInNamespace(namespace, group, resource, object);
      for (const quota of quotas) {
        const refusal = checkQuota(quota, requested, used, object, resource);
        if (refusal) throw AdmissionError.forbidden(refusal);
      }
      const uid = object.metadata?.uid;
      if (!request.dryRun && uid && !request.old) quotaReservations.reserve(quotaScope(namespace, group, resource), uid, requested);
    });
  }

  /**
   * What the namespace uses of the object's own kind (the only kind whose usage the request can
   * change), this object excluded, admitted-but-unstored objects included.
   */
  async function usageInNamespace(namespace: string, group: string, resource: string, self: Json): Promise<Usage> {
    const used: Usage = new Map();
    const stored = new Set<string>();
    for (const item of await objects.list(group, resource, namespace)) {
      stored.add(String(item.metadata?.uid));
      if (item.metadata?.uid === self.metadata?.uid) continue;
      addUsage(used, usageOf(group, resource, item));
    }
    for (const pending of quotaReservations.pending(quotaScope(namespace, group, resource), stored)) addUsage(used, pending);
    return used;
  }

  return {
    async admit(request) {
      if (request.group === '' && request.resource === 'services' && !request.subresource) await allocate(request);
      if (request.group === '' && request.resource === 'pods' && !request.subresource) await admitPod(request);
      await enforceQuota(request);
    },
  };
}
