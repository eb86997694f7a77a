import type { Pod } from '../shared/pods.ts';
import { derivedLabels, hostnameFor, podCanServe, podIsReady, resolvePorts, selectedPods, type ResolvedPort, type Service } from './service-pods.ts';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: ResolvedPort[];
}

/** Upstream's cap on addresses in one Endpoints object. */
export const MAX_ENDPOINT_ADDRESSES = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

const portKey = (port: ResolvedPort) => `${port.name ?? ''}|${port.port}|${port.protocol}|${port.appProtocol ?? ''}`;
const addressKey = (address: EndpointAddress, ready: boolean) => `${ready ? 'R' : 'N'}|${address.ip}|${address.targetRef?.uid ?? ''}`;

/**
 * The subsets of a Service's Endpoints (upstream syncService + RepackSubsets): every selected pod
 * with an IP contributes an address for each service port it resolves; ready pods (or all, with
 * publishNotReadyAddresses) go to addresses, others to notReadyAddresses, terminating pods drop
 * out unless publishNotReadyAddresses. Subsets group addresses that offer the same ports.
 */
export function planSubsets(service: Service, pods: Pod[], options: { allReady?: boolean } = {}): EndpointSubset[] {
  const tolerate = Boolean(service.spec?.publishNotReadyAddresses);
  const hostsByPort = new Map<string, { port: ResolvedPort; hosts: Map<string, { address: EndpointAddress; ready: boolean }> }>();
  const headlessNoPorts: { address: EndpointAddress; ready: boolean }[] = [];
  for (const pod of selectedPods(service, pods)) {
    const ip = pod.status?.podIP;
    if (!ip || (!tolerate && pod.metadata.deletionTimestamp) || !podCanServe(pod)) continue;
    const hostname = hostnameFor(service, pod);
    const address: EndpointAddress = {
      ip,
      ...(hostname ? { hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const ready = tolerate || podIsReady(pod) || Boolean(options.allReady);
    if ((service.spec?.ports ?? []).length === 0) {
      if (service.spec?.clusterIP === 'None') headlessNoPorts.push({ address, ready });
      continue;
    }
    for (const port of resolvePorts(service, pod)) {
      const entry = hostsByPort.get(portKey(port)) ?? { port, hosts: new Map() };
      entry.hosts.set(addressKey(address, ready), { address, ready });
      hostsByPort.set(portKey(port), entry);
    }
  }
  if (headlessNoPorts.length > 0) return [subsetOf(headlessNoPorts, [])];
  // Group the ports by the exact set of hosts offering them.
  const byHosts = new Map<string, { hosts: { address: EndpointAddress; ready: boolean }[]; ports: ResolvedPort[] }>();
  for (const { port, hosts } of hostsByPort.values()) {
    const key = [...hosts.keys()].sort().join(',');
    const group = byHosts.get(key) ?? { hosts: [...hosts.values()], ports: [] };
    group.ports.push(port);
    byHosts.set(key, group);
  }
  return [...byHosts.values()]
    .map((group) => subsetOf(group.hosts, group.ports))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function subsetOf(hosts: { address: EndpointAddress; ready: boolean }[], ports: ResolvedPort[]): EndpointSubset {
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || String(a.targetRef?.uid).localeCompare(String(b.targetRef?.uid));
  const ready = hosts.filter((h) => h.ready).map((h) => h.address).sort(byIp);
  const notReady = hosts.filter((h) => !h.ready).map((h) => h.address).sort(byIp);
  return {
    ...(ready.length > 0 ? { addresses: ready } : {}),
    ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
    ...(ports.length > 0 ? { ports: [...ports].sort((a, b) => portKey(a).localeCompare(portKey(b))) } : {}),
  };
}

/** Truncates to the address cap (ready addresses kept first), reporting whether it did. */
export function capSubsets(subsets: EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } {
  let budget = MAX_ENDPOINT_ADDRESSES;
  const total = subsets.reduce((sum, s) => sum + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= budget) return { subsets, truncated: false };
  const capped = subsets.map((subset) => {
    const addresses = (subset.addresses ?? []).slice(0, budget);
    budget -= addresses.length;
    const notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, budget);
    budget -= notReadyAddresses.length;
    return { ...subset, addresses, notReadyAddresses };
  });
  return { subsets: capped, truncated: true };
}

export const endpointsLabels = derivedLabels;
