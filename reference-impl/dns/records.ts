import type { Answer } from 'dns-packet';

/**
 * Pure answer computation for cluster DNS (the Kubernetes DNS-based service discovery spec):
 * Service A/SRV/PTR, headless per-endpoint records, ExternalName CNAMEs, and "insecure" pod
 * records `a-b-c-d.<ns>.pod.<domain>`.
 */
export interface DnsService {
  name: string;
  namespace: string;
  type?: string;
  clusterIP?: string;
  externalName?: string;
  publishNotReadyAddresses?: boolean;
  ports: { name?: string; port: number; protocol?: string }[];
}

export interface DnsEndpoint {
  ip: string;
  hostname?: string;
  ready: boolean;
}

export interface DnsData {
  services: DnsService[];
  /** `namespace/name` of the Service → its endpoints (from EndpointSlices). */
  endpoints: Map<string, DnsEndpoint[]>;
}

export interface DnsAnswerSet {
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: Answer[];
  additionals: Answer[];
}

const TTL = 30;

export function answer(data: DnsData, rawName: string, type: string, domain: string, options: { noHeadlessRecords?: boolean } = {}): DnsAnswerSet {
  const name = rawName.toLowerCase().replace(/\.$/, '');
  const none: DnsAnswerSet = { rcode: 'NXDOMAIN', answers: [], additionals: [] };
  const empty: DnsAnswerSet = { rcode: 'NOERROR', answers: [], additionals: [] };
  if (name.endsWith('.in-addr.arpa')) return reverse(data, name, type, domain);
  if (name !== domain && !name.endsWith(`.${domain}`)) return none;
  const labels = name.slice(0, name.length - domain.length).replace(/\.$/, '').split('.').filter(Boolean);
  // a-b-c-d.<ns>.pod.<domain>
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0]!.split('-').join('.');
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return none;
    return type === 'A' ? ok([{ type: 'A', name, ttl: TTL, data: ip }]) : empty;
  }
  const svcAt = labels.lastIndexOf('svc');
  if (svcAt < 2 || svcAt !== labels.length - 1) return labels.length <= 2 ? empty : none;
  const namespace = labels[svcAt - 1]!;
  const serviceName = labels[svcAt - 2]!;
  const prefix = labels.slice(0, svcAt - 2);
  const service = data.services.find((s) => s.name === serviceName && s.namespace === namespace);
  if (!service) return none;
  const serviceFqdn = `${serviceName}.${namespace}.svc.${domain}`;
  const headless = !service.clusterIP || service.clusterIP === 'None';
  const endpoints = (data.endpoints.get(`${namespace}/${serviceName}`) ?? []).filter((e) => e.ready || service.publishNotReadyAddresses);
  const endpointName = (e: DnsEndpoint): string => `${e.hostname ?? e.ip.replace(/\./g, '-')}.${serviceFqdn}`;

  if (service.type === 'ExternalName') {
    if (prefix.length > 0 || !service.externalName) return none;
    return ok([{ type: 'CNAME', name, ttl: TTL, data: service.externalName.replace(/\.$/, '') }]);
  }
  if (headless && options.noHeadlessRecords) return none;

  if (prefix.length === 0) {
    if (type !== 'A') return type === 'SRV' && headless ? srv(name, service, endpoints, endpointName, true) : empty;
    if (!headless) return ok([{ type: 'A', name, ttl: TTL, data: service.clusterIP! }]);
    return endpoints.length ? ok(endpoints.map((e) => ({ type: 'A', name, ttl: TTL, data: e.ip }))) : empty;
  }
  if (prefix.length === 1 && headless) {
    const host = prefix[0]!;
    const matches = endpoints.filter((e) => (e.hostname ?? e.ip.replace(/\./g, '-')) === host);
    if (matches.length === 0) return none;
    return type === 'A' ? ok(matches.map((e) => ({ type: 'A', name, ttl: TTL, data: e.ip }))) : empty;
  }
  if (prefix.length === 2 && prefix[0]!.startsWith('_') && prefix[1]!.startsWith('_')) {
    const portName = prefix[0]!.slice(1);
    const protocol = prefix[1]!.slice(1).toUpperCase();
    const port = service.ports.find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
    if (!port) return none;
    if (type !== 'SRV') return empty;
    return srv(name, { ...service, ports: [port] }, endpoints, endpointName, headless, serviceFqdn);
  }
  return none;
}

function ok(answers: Answer[], additionals: Answer[] = []): DnsAnswerSet {
  return { rcode: 'NOERROR', answers, additionals };
}

function srv(name: string, service: DnsService, endpoints: DnsEndpoint[], endpointName: (e: DnsEndpoint) => string, headless: boolean, serviceFqdn?: string): DnsAnswerSet {
  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  for (const port of service.ports) {
    if (!headless) {
      answers.push({ type: 'SRV', name, ttl: TTL, data: { priority: 0, weight: 100, port: port.port, target: serviceFqdn! } });
      additionals.push({ type: 'A', name: serviceFqdn!, ttl: TTL, data: service.clusterIP! });
      continue;
    }
    for (const endpoint of endpoints) {
      const target = endpointName(endpoint);
      answers.push({ type: 'SRV', name, ttl: TTL, data: { priority: 0, weight: Math.floor(100 / endpoints.length), port: port.port, target } });
      additionals.push({ type: 'A', name: target, ttl: TTL, data: endpoint.ip });
    }
  }
  return answers.length ? ok(answers, additionals) : { rcode: 'NOERROR', answers: [], additionals: [] };
}

function reverse(data: DnsData, name: string, type: string, domain: string): DnsAnswerSet {
  const parts = name.replace(/\.in-addr\.arpa$/, '').split('.');
  if (parts.length !== 4) return { rcode: 'NXDOMAIN', answers: [], additionals: [] };
  const ip = parts.reverse().join('.');
  const targets: string[] = [];
  for (const service of data.services) {
    if (service.clusterIP === ip) targets.push(`${service.name}.${service.namespace}.svc.${domain}`);
    for (const endpoint of data.endpoints.get(`${service.namespace}/${service.name}`) ?? []) {
      if (endpoint.ip === ip && endpoint.hostname && (!service.clusterIP || service.clusterIP === 'None')) {
        targets.push(`${endpoint.hostname}.${service.name}.${service.namespace}.svc.${domain}`);
      }
    }
  }
  if (targets.length === 0) return { rcode: 'NXDOMAIN', answers: [], additionals: [] };
  if (type !== 'PTR') return { rcode: 'NOERROR', answers: [], additionals: [] };
  return ok(targets.map((target) => ({ type: 'PTR', name, ttl: TTL, data: target })));
}
