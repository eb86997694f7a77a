/**
 * Address plan of the reference implementation. Everything lives in 127.0.0.0/8, which on Linux
 * reaches the host with no configuration and lets a socket bind any address in it.
 */
export const CLUSTER_DOMAIN = 'cluster.local';

/** ClusterIP Services get virtual IPs from here; the Service proxy listens on them. */
export const SERVICE_CIDR = '127.96.0.0/16';
/** The `kubernetes` Service in `default` takes the first address. */
export const KUBERNETES_SERVICE_IP = '127.96.0.1';
/** Cluster DNS Service address (kube-system/kube-dns), as pods see it in resolv.conf. */
export const DNS_SERVICE_IP = '127.96.0.10';

export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Node n (0-based) has InternalIP 127.1.0.(n+1). */
export function nodeIP(index: number): string {
  return `127.1.0.${index + 1}`;
}

/** Pods on node n get addresses from 127.(10+n).0.0/16. */
export function podCIDR(index: number): string {
  return `127.${10 + index}.0.0/16`;
}
