import { apiTime } from './api-time.ts';
import { Informer, RESOURCES, isAlreadyExists, isConflict, isNotFound, type ApiClient, type KubeObject } from '../client/index.ts';
import type { FaultSet } from '../faults.ts';
import type { NetworkPlan } from '../network-config.ts';
import { EventRecorder } from './event-recorder.ts';
import { IpAllocator } from './ip-allocator.ts';
import { KUBELET_VERSION, NODE_LEASE_NAMESPACE, buildLease, buildNode, microTime, nodeConditions, nodeName } from './node-object.ts';
import { PodWorker } from './pod-worker.ts';
import type { ServiceForEnv } from './service-env.ts';
import type { Pod } from './pod-types.ts';

/**
 * One virtual node: registers its Node, renews its Lease every 10 s, watches the pods bound to
 * it and runs one PodWorker per pod. Talks to the API server only through the client.
 */
export interface KubeletOptions {
  client: ApiClient;
  index: number;
  faults: FaultSet;
  /** The cluster's addresses: this node's IP and pod CIDR, cluster DNS and `kubernetes` Service IPs. */
  network: NetworkPlan;
  /** Port the cluster DNS answers on (53 unless the cluster moved it). */
  dnsPort: number;
  log: (line: string) => void;
  /** Kubelet events (Pulled, Started…); benchmarks may switch them off. */
  events?: boolean;
}

const LEASE_RENEW_MS = 10_000;
const NODE_STATUS_MS = 60_000;

export class Kubelet {
  readonly nodeName: string;
  readonly nodeIP: string;
  private readonly workers = new Map<string, PodWorker>();
  /** The same workers by `namespace/name`, for connect and metrics lookups. */
  private readonly byName = new Map<string, PodWorker>();
  private readonly ips: IpAllocator;
  private readonly recorder: EventRecorder;
  private informer: Informer<Pod> | undefined;
  /** Services for the environment of starting containers (one shared cache per kubelet). */
  private readonly services: Informer<ServiceForEnv & KubeObject>;
  private timers: NodeJS.Timeout[] = [];
  private readonly registeredAt = apiTime();

  constructor(private readonly options: KubeletOptions) {
    this.nodeName = nodeName(options.index);
    this.nodeIP = options.network.nodeIP(options.index);
    this.ips = new IpAllocator(options.network.podCIDR(options.index), options.faults.has('pods-share-one-ip'));
    this.recorder = new EventRecorder(options.client, this.nodeName, options.log, options.events !== false);
    this.services = new Informer(options.client, RESOURCES.services, { log: options.log });
  }

  async start(): Promise<void> {
    await this.register();
    await this.renewLease();
    this.timers.push(setInterval(() => void this.renewLease().catch((e: Error) => this.options.log(`lease: ${e.message}`)), LEASE_RENEW_MS));
    this.timers.push(setInterval(() => void this.heartbeat().catch((e: Error) => this.options.log(`node status: ${e.message}`)), NODE_STATUS_MS));
    await this.services.start();
    this.informer = new Informer<Pod>(this.options.client, RESOURCES.pods, { fieldSelector: `spec.nodeName=${this.nodeName}`, log: this.options.log });
    this.informer.addHandlers({
      onAdd: (pod) => this.sync(pod),
      onUpdate: (_old, pod) => this.sync(pod),
      onDelete: (pod) => this.forget(pod),
    });
    await this.informer.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.informer?.stop();
    await this.services.stop();
    for (const worker of this.workers.values()) worker.destroy();
    this.workers.clear();
    this.byName.clear();
  }

  /** The worker of a pod on this node, for logs/exec/proxy and metrics. */
  worker(namespace: string, name: string): PodWorker | undefined {
    return this.byName.get(`${namespace}/${name}`);
  }

  /** Whether this kubelet has seen a Service yet (containers started from now on get its variables). */
  knowsService(namespace: string, name: string): boolean {
    return this.services.get(namespace, name) !== undefined;
  }

  allWorkers(): PodWorker[] {
    return [...this.workers.values()];
  }

  private sync(pod: Pod): void {
    const uid = String(pod.metadata.uid);
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      // Nothing runs for a finished pod: a requested deletion only needs confirming.
      if (pod.metadata.deletionTimestamp) void this.confirmDeletion(pod);
      return;
    }
    const worker = new PodWorker(
      {
        client: this.options.client,
        nodeName: this.nodeName,
        nodeIP: this.nodeIP,
        faults: this.options.faults,
        recorder: this.recorder,
        kubeletVersion: KUBELET_VERSION,
        podNetwork: {
          dnsServiceIP: this.options.network.dnsServiceIP,
          dnsPort: this.options.dnsPort,
          kubernetesServiceIP: this.options.network.kubernetesServiceIP,
          clusterDomain: this.options.network.clusterDomain,
        },
        allocateIP: () => this.ips.allocate(),
        releaseIP: (ip) => this.ips.release(ip),
        services: () => this.services.list(),
        log: this.options.log,
      },
      pod,
    );
    this.workers.set(uid, worker);
    this.byName.set(`${pod.metadata.namespace}/${pod.metadata.name}`, worker);
    worker.start();
    if (pod.metadata.deletionTimestamp) worker.update(pod);
  }

  private async confirmDeletion(pod: Pod): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    try {
      await this.options.client.delete(RESOURCES.pods, namespace, String(name), { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (error) {
      if (!isNotFound(error) && !isConflict(error)) this.options.log(`confirming deletion of ${namespace}/${name}: ${(error as Error).message}`);
    }
  }

  private forget(pod: Pod): void {
    const uid = String(pod.metadata.uid);
    this.workers.get(uid)?.destroy();
    this.workers.delete(uid);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (this.byName.get(key)?.current.metadata.uid === pod.metadata.uid) this.byName.delete(key);
  }

  private async register(): Promise<void> {
    const node = buildNode(this.options.index, this.options.network, this.registeredAt) as unknown as KubeObject;
    try {
      await this.options.client.create(RESOURCES.nodes, node);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      await this.options.client.patch(RESOURCES.nodes, undefined, this.nodeName, { metadata: node.metadata, spec: node['spec'] }, 'merge');
      await this.heartbeat();
    }
  }

  private async heartbeat(): Promise<void> {
    const now = apiTime();
    const node = buildNode(this.options.index, this.options.network, now) as { status: Record<string, unknown> };
    await this.options.client.patch(RESOURCES.nodes, undefined, this.nodeName, { status: { ...node.status, conditions: nodeConditions(now, this.registeredAt) } }, 'merge', 'status');
  }

  private async renewLease(): Promise<void> {
    const now = new Date().toISOString();
    try {
      await this.options.client.patch(RESOURCES.leases, NODE_LEASE_NAMESPACE, this.nodeName, { spec: { renewTime: microTime(now), holderIdentity: this.nodeName } }, 'merge');
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const lease = buildLease(this.nodeName, now) as KubeObject;
      try {
        await this.options.client.create(RESOURCES.leases, lease, NODE_LEASE_NAMESPACE);
      } catch (createError) {
        // The namespace may not exist yet on a fresh cluster; the next renewal retries.
        if (!isAlreadyExists(createError)) this.options.log(`lease: ${(createError as Error).message}`);
      }
    }
  }
}
