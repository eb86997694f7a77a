/**
 * Pure planning for the Service proxy: which sockets to listen on (ClusterIP:port and, for
 * NodePort/LoadBalancer Services, every nodeIP:nodePort), and which endpoints a connection for a
 * Service port may go to (ready ones, from the Service's EndpointSlices).
 */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

export interface Service {
  metadata: { name?: string; namespace?: string; uid?: string };
  spec?: {
    type?: string;
    clusterIP?: string;
    ports?: ServicePort[];
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  };
}

export interface EndpointSlice {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string> };
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null } }[] | null;
}

export type Protocol = 'TCP' | 'UDP';

export interface ListenerSpec {
  /** `ip:port/PROTO`, unique per socket. */
  key: string;
  ip: string;
  port: number;
  protocol: Protocol;
  /** `namespace/name` of the Service and the name of its port. */
  service: string;
  portName: string;
}

export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10_800;

export function serviceKey(service: Service): string {
  return `${service.metadata.namespace}/${service.metadata.name}`;
}

/**
 * `reservedIPs` are addresses another component serves itself (cluster DNS owns the kube-dns
 * ClusterIP), so the proxy leaves them alone.
 */
export function planListeners(services: Service[], nodeIPs: string[], reservedIPs: readonly string[] = []): ListenerSpec[] {
  const listeners = new Map<string, ListenerSpec>();
  for (const service of services) {
    const spec = service.spec ?? {};
    if (spec.type === 'ExternalName') continue;
    const clusterIP = spec.clusterIP && spec.clusterIP !== 'None' && !reservedIPs.includes(spec.clusterIP) ? spec.clusterIP : undefined;
    for (const port of spec.ports ?? []) {
      const protocol = (port.protocol ?? 'TCP') as Protocol;
      if (protocol !== 'TCP' && protocol !== 'UDP') continue;
      const base = { protocol, service: serviceKey(service), portName: port.name ?? '' };
      if (clusterIP) listeners.set(`${clusterIP}:${port.port}/${protocol}`, { key: `${clusterIP}:${port.port}/${protocol}`, ip: clusterIP, port: port.port, ...base });
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && port.nodePort) {
        for (const ip of nodeIPs) listeners.set(`${ip}:${port.nodePort}/${protocol}`, { key: `${ip}:${port.nodePort}/${protocol}`, ip, port: port.nodePort, ...base });
      }
    }
  }
  return [...listeners.values()];
}

export interface Backend {
  ip: string;
  port: number;
}

/** Endpoints of one Service port: ready ones (or, under the fault, every one). */
export function endpointsFor(slices: EndpointSlice[], portName: string, protocol: Protocol, options: { includeUnready?: boolean } = {}): Backend[] {
  const backends: Backend[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (!port?.port) continue;
    for (const endpoint of slice.endpoints ?? []) {
      const ready = endpoint.conditions?.ready !== false;
      if (!ready && !options.includeUnready) continue;
      for (const ip of endpoint.addresses.slice(0, 1)) {
        const key = `${ip}:${port.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        backends.push({ ip, port: port.port });
      }
    }
  }
  return backends;
}

/** ClientIP session affinity: a client keeps its backend until it is idle for the timeout. */
export class AffinityTable {
  private readonly entries = new Map<string, { backend: Backend; lastUsed: number }>();

  choose(clientIP: string, backends: Backend[], timeoutSeconds: number, now: number, random: () => number = Math.random): Backend | undefined {
    if (backends.length === 0) return undefined;
    const entry = this.entries.get(clientIP);
    if (entry && now - entry.lastUsed <= timeoutSeconds * 1000 && backends.some((b) => b.ip === entry.backend.ip && b.port === entry.backend.port)) {
      entry.lastUsed = now;
      return entry.backend;
    }
    const backend = backends[Math.floor(random() * backends.length)]!;
    this.entries.set(clientIP, { backend, lastUsed: now });
    return backend;
  }
}
