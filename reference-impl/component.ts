import type { ConnectHandler } from './api-server/connect/index.ts';
import type { FaultSet } from './faults.ts';
import type { NetworkPlan } from './network-config.ts';

/**
 * A part of the cluster started after the API server (controllers, scheduler, kubelets, proxy,
 * DNS). Components talk to the API server only over HTTPS with the admin token, never to the
 * store. They are started in list order and stopped in reverse.
 */
export interface ComponentContext {
  /** Admin kubeconfig (server URL, embedded CA, bearer token). */
  kubeconfigPath: string;
  /** The same credentials, already read: https://127.0.0.1:PORT */
  server: string;
  caPem: string;
  token: string;
  faults: FaultSet;
  /** Number of virtual nodes the cluster runs. */
  nodes: number;
  /** This cluster's addresses: node IPs, pod CIDRs, Service CIDR, DNS and `kubernetes` Service IPs. */
  network: NetworkPlan;
  /** Holds durable state (SQLite database, certificates); components may keep files under it. */
  dataDir: string;
  log(line: string): void;
  /**
   * Serves pods/log, exec, attach, portforward and the proxy subresources (the kubelet side).
   * Until one is set the API server answers those with 503.
   */
  setConnectHandler(handler: ConnectHandler): void;
}

export interface RunningComponent {
  stop(): Promise<void>;
}

export interface Component {
  name: string;
  start(ctx: ComponentContext): Promise<RunningComponent>;
}
