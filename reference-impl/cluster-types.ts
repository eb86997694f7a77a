import type { NetworkPlan } from './network-config.ts';

/** What `kcert reference serve` and `kcert run --reference` ask of the reference implementation. */
export interface ClusterOptions {
  /** API server port on 127.0.0.1; 0 picks a free port. */
  port: number;
  /** Holds the CA, serving certificate, token, kubeconfig and the SQLite database. */
  dataDir: string;
  store: 'sqlite' | 'memory' | 'etcd';
  etcdEndpoints?: string[];
  /** Where to write the admin kubeconfig (default: DATA_DIR/kubeconfig). */
  kubeconfigOut?: string;
  /** Number of virtual nodes (default 2). */
  nodes: number;
  /** Named faults to switch on (see reference-impl/faults.ts); empty for a healthy cluster. */
  faults: string[];
  /** Diagnostics; defaults to silent. */
  log?: (line: string) => void;
  /**
   * The /16 of 127.0.0.0/8 this cluster's Service, node and pod addresses come from
   * (network-config.ts). Default: the one the data dir remembers, else a free one.
   */
  networkSlot?: number;
}

export interface RunningCluster {
  /** https://127.0.0.1:PORT */
  url: string;
  kubeconfigPath: string;
  /** Its addresses (network slot, Service CIDR, node IPs, pod CIDRs). */
  network: NetworkPlan;
  stop(): Promise<void>;
}
