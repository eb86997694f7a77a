import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Connect-style subresources that reach a running pod or node: pods/log, pods/exec, pods/attach,
 * pods/portforward, pods/proxy, services/proxy, nodes/proxy. The API server core authenticates the
 * request, then hands it here. Owned by the kubelet work.
 */
export interface ConnectTarget {
  /** '' for core. */
  group: string;
  resource: 'pods' | 'services' | 'nodes';
  subresource: string;
  namespace?: string;
  /** The name segment as sent, e.g. `https:web:8443` for proxy. */
  name: string;
  /** Path after the subresource, e.g. `/healthz` for `.../proxy/healthz`, '' if none. */
  rest: string;
}

export interface ConnectHandler {
  /** Plain HTTP requests (log, proxy). */
  handle(target: ConnectTarget, req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Upgrade requests (exec, attach, portforward over WebSocket; proxy of upgrades). */
  upgrade(target: ConnectTarget, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

/** CPU and memory a running container has used, as a kubelet reports it (cAdvisor's job). */
export interface ContainerUsage {
  name: string;
  /** Cumulative CPU time, milliseconds of one core, since the container started. */
  cpuUsageMs: number;
  /** When the container started (epoch ms): the start of the cumulative counter. */
  startedAt: number;
  memoryBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  nodeName: string;
  /** Running containers only. */
  containers: ContainerUsage[];
}

/** What the metrics API (metrics.k8s.io) reads from the kubelets, e.g. for the HPA and kubectl top. */
export interface ResourceUsageSource {
  nodeNames(): string[];
  pods(): PodUsage[];
}

/** The kubelet side of the API server: connect subresources and resource usage for metrics. */
export interface KubeletSide extends ConnectHandler {
  usage?: ResourceUsageSource;
}
