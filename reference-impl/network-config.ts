/**
 * Address plan of the reference implementation. Everything lives in 127.0.0.0/8, which on Linux
 * reaches the host with no configuration and lets a socket bind any address in it.
 *
 * Several clusters may run on one machine at once (parallel `kcert run --reference`, tests next to
 * a developer's `kcert reference serve`), so each one owns a slot: the /16 127.SLOT.0.0/16, where
 * all of its Service VIPs, node IPs and pod IPs live. Within it:
 *
 *   127.S.0.0/20        Service VIPs (the `kubernetes` Service at .0.1, cluster DNS at .0.10)
 *   127.S.16.(n+1)      InternalIP of node n
 *   127.S.31.254        the slot lock (network-slot.ts), outside every other range
 *   127.S.32.0 – .255.255  pod addresses, split evenly over the nodes (see podBlockSize)
 */
export const CLUSTER_DOMAIN = 'cluster.local';

export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Slots a new data dir may take; 127.0.x (the API server on 127.0.0.1) and low /16s stay free. */
export const SLOT_RANGE = { min: 20, max: 250 } as const;

/** Third octets of the pod space: 224 blocks of 256 addresses. */
const POD_SPACE_FIRST_BLOCK = 32;
const POD_SPACE_BLOCKS = 256 - POD_SPACE_FIRST_BLOCK;
/**
 * At most a /19 per node: a larger block would not be aligned on its own size at block 32. Up to
 * 7 nodes each get a /19 (about 8,100 pods), so bench/pod-start.ts fits 10,000+ pods on 2 nodes.
 */
const MAX_BLOCKS_PER_NODE = 32;
/** One /24 per node is the least a node gets, so 224 nodes at most. */
export const MAX_NODES = POD_SPACE_BLOCKS;

export interface NetworkPlan {
  slot: number;
  /** ClusterIP Services get virtual IPs from here; the Service proxy listens on them. */
  serviceCIDR: string;
  /** The `kubernetes` Service in `default` takes the first address. */
  kubernetesServiceIP: string;
  /** Cluster DNS Service address (kube-system/kube-dns), as pods see it in resolv.conf. */
  dnsServiceIP: string;
  nodePortRange: { readonly min: number; readonly max: number };
  clusterDomain: string;
  /** Address the slot lock listens on (network-slot.ts); nothing else uses it. */
  lockIP: string;
  /** InternalIP of node index (0-based). */
  nodeIP(index: number): string;
  /** Pod CIDR of node index (0-based). */
  podCIDR(index: number): string;
}

export class NetworkPlanError extends Error {
  readonly code = 'NETWORK_PLAN';
}

/** /24 blocks of pod space per node: the largest power of two ≤ 32 that lets every node have one. */
export function podBlockSize(nodes: number): number {
  const count = Math.max(1, nodes);
  if (count > MAX_NODES) throw new NetworkPlanError(`a reference cluster runs at most ${MAX_NODES} nodes (asked for ${count})`);
  let blocks = MAX_BLOCKS_PER_NODE;
  while (blocks * count > POD_SPACE_BLOCKS) blocks /= 2;
  return blocks;
}

/** The addresses of the cluster in slot `slot` with `nodes` nodes (the pod CIDR size depends on it). */
export function networkPlan(slot: number, nodes = 2): NetworkPlan {
  if (!Number.isInteger(slot) || slot < 1 || slot > 254) throw new NetworkPlanError(`network slot must be an integer in 1..254, not ${slot}`);
  const blocks = podBlockSize(nodes);
  const prefixBits = 24 - Math.log2(blocks);
  const base = `127.${slot}`;
  const checkIndex = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= Math.max(1, nodes)) throw new NetworkPlanError(`node index ${index} is outside this cluster's ${nodes} nodes`);
  };
  return {
    slot,
    serviceCIDR: `${base}.0.0/20`,
    kubernetesServiceIP: `${base}.0.1`,
    dnsServiceIP: `${base}.0.10`,
    nodePortRange: NODE_PORT_RANGE,
    clusterDomain: CLUSTER_DOMAIN,
    lockIP: `${base}.31.254`,
    nodeIP(index) {
      checkIndex(index);
      return `${base}.16.${index + 1}`;
    },
    podCIDR(index) {
      checkIndex(index);
      return `${base}.${POD_SPACE_FIRST_BLOCK + blocks * index}.0/${prefixBits}`;
    },
  };
}

/** An IPv4 CIDR as numbers: base is the network address (host bits cleared), size the address count. */
export function parseCidr(cidr: string): { base: number; size: number } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) throw new NetworkPlanError(`not an IPv4 CIDR: ${cidr}`);
  const address = match.slice(1, 5).reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(match[5]));
  return { base: address - (address % size), size };
}

export function toIP(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
