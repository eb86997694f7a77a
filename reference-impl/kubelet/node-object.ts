import type { NetworkPlan } from '../network-config.ts';

/**
 * The Node object a reference kubelet registers, and its Lease: pure builders so the shape is
 * checked in one place (InternalIP, allocatable, Ready condition, kubelet version).
 */
export const KUBELET_VERSION = 'v1.33.0';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export function nodeName(index: number): string {
  return `kcert-node-${index + 1}`;
}

export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
}

export const DEFAULT_CAPACITY: NodeCapacity = { cpu: '8', memory: '32Gi', pods: '10000' };

export function nodeConditions(now: string, since: string): object[] {
  const healthy = (type: string, reason: string, message: string) => ({ type, status: 'False', reason, message, lastHeartbeatTime: now, lastTransitionTime: since });
  return [
    healthy('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    healthy('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    healthy('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: since },
  ];
}

export function buildNode(index: number, network: NetworkPlan, now: string, capacity: NodeCapacity = DEFAULT_CAPACITY): { metadata: object; spec: object; status: object } {
  const name = nodeName(index);
  const ip = network.nodeIP(index);
  const podCIDR = network.podCIDR(index);
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    status: {
      capacity: { ...capacity, 'ephemeral-storage': '100Gi' },
      allocatable: { ...capacity, 'ephemeral-storage': '100Gi' },
      conditions: nodeConditions(now, now),
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `kcert${index + 1}`.padEnd(32, '0'),
        systemUUID: `kcert-node-${index + 1}`,
        bootID: `kcert-boot-${index + 1}`,
        kernelVersion: '6.1.0-kcert',
        osImage: 'kcert reference node',
        containerRuntimeVersion: 'kcert-emulated://0.1.0',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function buildLease(name: string, now: string): object {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: NODE_LEASE_NAMESPACE },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
  };
}

/** MicroTime: RFC 3339 with microseconds. */
export function microTime(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}
