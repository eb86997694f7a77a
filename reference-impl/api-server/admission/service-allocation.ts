/**
 * ClusterIP and NodePort allocation for Services, as kube-apiserver's service REST storage does
 * it: a requested address must lie in the range and be free, otherwise 422 with upstream's
 * messages; free ones are picked at random from the upper part of the range, the lower part being
 * kept for static assignment (upstream reserves min(max(16, size/16), 256) IPs and
 * min(max(16, size/32), 128) ports). Pure: what is taken comes from the caller.
 */
import { invalid } from '../strategy/field-errors.js';
import type { FieldCause } from '../strategy/index.js';
import { needsClusterIP, needsNodePorts } from '../strategy/service.js';

type Json = Record<string, any>;

export interface AddressRanges {
  /** e.g. 127.42.0.0/20 (NetworkPlan.serviceCIDR) */
  serviceCIDR: string;
  nodePorts: { min: number; max: number };
}

export interface TakenAddresses {
  clusterIPs: ReadonlySet<string>;
  nodePorts: ReadonlySet<number>;
}

export interface AllocationResult {
  causes: FieldCause[];
  /** What this Service now holds (to reserve until it is stored). */
  clusterIPs: string[];
  nodePorts: number[];
}

interface Cidr {
  base: number;
  size: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const [address, bits] = text.split('/') as [string, string];
  const octets = address.split('.').map(Number);
  const base = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const size = 2 ** (32 - Number(bits));
  return { base: base - (base % size), size, text };
}

const toIP = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
function fromIP(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** The addresses a stored Service holds. */
export function addressesOf(service: Json): { clusterIPs: string[]; nodePorts: number[] } {
  const spec = service.spec ?? {};
  const clusterIPs = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : []).filter(
    (ip: unknown) => typeof ip === 'string' && ip !== '' && ip !== 'None',
  );
  const nodePorts = (Array.isArray(spec.ports) ? spec.ports : []).map((port: Json) => port.nodePort).filter((port: unknown) => typeof port === 'number' && port > 0);
  return { clusterIPs, nodePorts };
}

/**
 * Fills spec.clusterIP(s), ipFamilies, ipFamilyPolicy and nodePorts of `service` in place.
 * `old` is the stored Service on update (its addresses stay its own); random picks free addresses.
 */
export function allocateServiceAddresses(
  service: Json,
  old: Json | undefined,
  taken: TakenAddresses,
  ranges: AddressRanges,
  random: () => number = Math.random,
): AllocationResult {
  const spec: Json = (service.spec ??= {});
  const oldSpec: Json = old?.spec ?? {};
  const causes: FieldCause[] = [];
  const result: AllocationResult = { causes, clusterIPs: [], nodePorts: [] };
  if (needsClusterIP(spec)) {
    const cidr = parseCidr(ranges.serviceCIDR);
    const keeps = old && needsClusterIP(oldSpec) && oldSpec.clusterIP && spec.clusterIP === oldSpec.clusterIP;
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (!keeps) {
      if (spec.clusterIP === undefined || spec.clusterIP === '') {
        const picked = pickIP(cidr, taken.clusterIPs, random);
        if (picked === undefined) causes.push(invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full'));
        else spec.clusterIP = picked;
      } else {
        const problem = checkIP(spec.clusterIP, cidr, taken.clusterIPs);
        if (problem) causes.push(invalid('spec.clusterIPs', spec.clusterIPs ?? [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: ${problem}`));
      }
      if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    }
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    if (spec.clusterIP && spec.clusterIP !== 'None') result.clusterIPs.push(spec.clusterIP);
  }
  if (spec.type === 'NodePort' || (needsNodePorts(spec) && spec.allocateLoadBalancerNodePorts !== false)) {
    const ownOld = new Set<number>(needsNodePorts(oldSpec) ? addressesOf(old ?? {}).nodePorts : []);
    const inUse = new Set<number>();
    const ports: Json[] = Array.isArray(spec.ports) ? spec.ports : [];
    ports.forEach((port, index) => {
      if (typeof port.nodePort !== 'number' || port.nodePort === 0) return;
      if (!ownOld.has(port.nodePort)) {
        const problem = checkPort(port.nodePort, ranges.nodePorts, taken.nodePorts);
        if (problem) causes.push(invalid(`spec.ports[${index}].nodePort`, port.nodePort, problem));
      }
      inUse.add(port.nodePort);
    });
    for (const port of ports) {
      if (typeof port.nodePort === 'number' && port.nodePort !== 0) continue;
      // A fresh Service gives ports with the same number (TCP and UDP) one nodePort; an update allocates anew.
      const sibling = ownOld.size === 0 ? ports.find((other) => other !== port && other.port === port.port && other.nodePort) : undefined;
      const picked = sibling?.nodePort ?? pickPort(ranges.nodePorts, new Set([...taken.nodePorts, ...inUse]), random);
      if (picked === undefined) {
        causes.push(invalid('spec.ports', port.port, 'failed to allocate a nodePort: range is full'));
        continue;
      }
      port.nodePort = picked;
      inUse.add(picked);
    }
    result.nodePorts.push(...inUse);
  }
  return result;
}

function checkIP(ip: string, cidr: Cidr, taken: ReadonlySet<string>): string | undefined {
  const value = fromIP(ip);
  if (value === undefined || value < cidr.base || value >= cidr.base + cidr.size || value === cidr.base || value === cidr.base + cidr.size - 1) {
    return `provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr.text}`;
  }
  return taken.has(ip) ? 'provided IP is already allocated' : undefined;
}

function checkPort(port: number, range: { min: number; max: number }, taken: ReadonlySet<number>): string | undefined {
  if (port < range.min || port > range.max) {
    return `provided port is not in the valid range. The range of valid ports is ${range.min}-${range.max}`;
  }
  return taken.has(port) ? 'provided port is already allocated' : undefined;
}

function pickIP(cidr: Cidr, taken: ReadonlySet<string>, random: () => number): string | undefined {
  const usable = cidr.size - 2;
  const reserved = Math.min(Math.max(16, Math.floor(usable / 16)), 256);
  const offset = pickOffset(usable, reserved, (candidate) => taken.has(toIP(cidr.base + 1 + candidate)), random);
  return offset === undefined ? undefined : toIP(cidr.base + 1 + offset);
}

function pickPort(range: { min: number; max: number }, taken: ReadonlySet<number>, random: () => number): number | undefined {
  const size = range.max - range.min + 1;
  const reserved = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  const offset = pickOffset(size, reserved, (candidate) => taken.has(range.min + candidate), random);
  return offset === undefined ? undefined : range.min + offset;
}

/** A free offset: a random start in the dynamic band, scanning it, then the static band. */
function pickOffset(size: number, reserved: number, isTaken: (offset: number) => boolean, random: () => number): number | undefined {
  const dynamic = size - reserved;
  const start = Math.floor(random() * dynamic);
  for (let step = 0; step < dynamic; step++) {
    const candidate = reserved + ((start + step) % dynamic);
    if (!isTaken(candidate)) return candidate;
  }
  for (let candidate = 0; candidate < reserved; candidate++) if (!isTaken(candidate)) return candidate;
  return undefined;
}
