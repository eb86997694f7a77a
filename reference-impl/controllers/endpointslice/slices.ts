import type { KubeObject, OwnerReference } from '../../client/index.ts';
import { stableStringify } from '../shared/json.ts';
import type { ResolvedPort } from '../endpoints/service-pods.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** Upstream's default maxEndpointsPerSlice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}

export interface EndpointSlice extends KubeObject {
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints?: SliceEndpoint[] | null;
  ports?: ResolvedPort[] | null;
}

/** Endpoints that share one exact port list (one slice family). */
export interface EndpointGroup {
  ports: ResolvedPort[];
  endpoints: SliceEndpoint[];
}

export interface SliceTemplate {
  namespace: string;
  generateName: string;
  labels: Record<string, string>;
  ownerReference: OwnerReference;
  addressType: EndpointSlice['addressType'];
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

// The API server stores an unnamed port as name "", so a missing name and "" are the same port.
const portsKey = (ports: ResolvedPort[] | null | undefined) =>
  stableStringify((ports ?? []).map((port) => ({ ...port, name: port.name ?? '' })).sort((a, b) => stableStringify(a).localeCompare(stableStringify(b))));
const endpointsKey = (endpoints: SliceEndpoint[] | null | undefined) => stableStringify([...(endpoints ?? [])].sort((a, b) => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '')));

/**
 * Turns the desired endpoint groups into slice writes against the slices that exist: per port
 * list, endpoints are packed into chunks of at most maxPerSlice, existing slices with the same
 * ports are reused (updated only when their endpoints or labels differ), surplus slices deleted.
 * With no endpoints at all one empty placeholder slice remains, as upstream keeps for every Service.
 */
export function planSlices(existing: EndpointSlice[], groups: EndpointGroup[], template: SliceTemplate, maxPerSlice = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const unused = [...existing];
  const desired: { ports: ResolvedPort[] | null; endpoints: SliceEndpoint[] }[] = [];
  for (const group of groups) {
    const sorted = [...group.endpoints].sort((a, b) => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '', 'en', { numeric: true }));
    for (let i = 0; i < sorted.length; i += maxPerSlice) desired.push({ ports: group.ports, endpoints: sorted.slice(i, i + maxPerSlice) });
  }
  if (desired.length === 0) desired.push({ ports: null, endpoints: [] });
  for (const want of desired) {
    const sameEndpoints = unused.findIndex((slice) => portsKey(slice.ports) === portsKey(want.ports) && endpointsKey(slice.endpoints) === endpointsKey(want.endpoints));
    const samePorts = sameEndpoints >= 0 ? sameEndpoints : unused.findIndex((slice) => portsKey(slice.ports) === portsKey(want.ports));
    if (samePorts >= 0) {
      const [slice] = unused.splice(samePorts, 1) as [EndpointSlice];
      const labelsDiffer = stableStringify(slice.metadata.labels ?? {}) !== stableStringify(template.labels);
      if (sameEndpoints < 0 || labelsDiffer || slice.addressType !== template.addressType) {
        plan.update.push({ ...slice, metadata: { ...slice.metadata, labels: template.labels }, endpoints: want.endpoints, ports: want.ports });
      }
      continue;
    }
    plan.create.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { generateName: template.generateName, namespace: template.namespace, labels: template.labels, ownerReferences: [template.ownerReference] },
      addressType: template.addressType,
      endpoints: want.endpoints,
      ports: want.ports,
    });
  }
  plan.delete.push(...unused);
  return plan;
}

export const addressTypeOf = (ip: string): 'IPv4' | 'IPv6' => (ip.includes(':') ? 'IPv6' : 'IPv4');
