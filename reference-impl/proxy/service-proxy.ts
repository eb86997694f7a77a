import { Informer, RESOURCES, type ApiClient, type KubeObject } from '../client/index.ts';
import type { FaultSet } from '../faults.ts';
import { listenTcp, listenUdp, type Forwarder } from './forwarders.ts';
import { AffinityTable, DEFAULT_AFFINITY_TIMEOUT_SECONDS, endpointsFor, planListeners, serviceKey, type EndpointSlice, type ListenerSpec, type Service } from './plan.ts';

/**
 * The userspace Service proxy (kube-proxy's job): watches Services and EndpointSlices, keeps one
 * socket per ClusterIP port and NodePort, and sends each connection to a ready endpoint,
 * honouring ClientIP session affinity. Listener changes are reconciled level-triggered; routing
 * reads the informer caches at connection time, so endpoint changes apply at once.
 */
export interface ServiceProxyOptions {
  client: ApiClient;
  nodeIPs: string[];
  /** Service addresses another component serves itself (cluster DNS); the proxy leaves them alone. */
  reservedIPs: string[];
  faults: FaultSet;
  log: (line: string) => void;
}

const RETRY_MS = 2_000;

export class ServiceProxy {
  private readonly services: Informer<Service & KubeObject>;
  private readonly slices: Informer<EndpointSlice & KubeObject>;
  private readonly listeners = new Map<string, { spec: ListenerSpec; forwarder?: Forwarder; failedAt?: number }>();
  private readonly affinity = new Map<string, AffinityTable>();
  private readonly reported = new Set<string>();
  private scheduled: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ServiceProxyOptions) {
    this.services = new Informer(options.client, RESOURCES.services, { log: options.log });
    this.slices = new Informer(options.client, RESOURCES.endpointslices, { log: options.log });
    const changed = { onAdd: () => this.schedule(), onUpdate: () => this.schedule(), onDelete: () => this.schedule() };
    this.services.addHandlers(changed);
  }

  async start(): Promise<void> {
    await Promise.all([this.services.start(), this.slices.start()]);
    await this.reconcile();
    this.retryTimer = setInterval(() => this.schedule(), RETRY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.scheduled);
    clearInterval(this.retryTimer);
    await Promise.all([this.services.stop(), this.slices.stop()]);
    for (const listener of this.listeners.values()) listener.forwarder?.close();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.reconcile();
    }, 5);
  }

  private async reconcile(): Promise<void> {
    const desired = new Map(planListeners(this.services.list(), this.options.nodeIPs, this.options.reservedIPs).map((spec) => [spec.key, spec]));
    for (const [key, listener] of this.listeners) {
      const wanted = desired.get(key);
      if (!wanted || wanted.service !== listener.spec.service || wanted.portName !== listener.spec.portName) {
        listener.forwarder?.close();
        this.listeners.delete(key);
      }
    }
    const opening: Promise<void>[] = [];
    for (const [key, spec] of desired) {
      const existing = this.listeners.get(key);
      if (existing?.forwarder || (existing?.failedAt && Date.now() - existing.failedAt < RETRY_MS)) continue;
      const entry: { spec: ListenerSpec; forwarder?: Forwarder; failedAt?: number } = { spec };
      this.listeners.set(key, entry);
      const route = (clientIP: string) => this.route(spec, clientIP);
      opening.push(
        (spec.protocol === 'UDP' ? listenUdp(spec, route) : listenTcp(spec, route)).then(
          (forwarder) => {
            if (this.stopped || this.listeners.get(key) !== entry) forwarder.close();
            else entry.forwarder = forwarder;
          },
          (error: Error) => {
            entry.failedAt = Date.now();
            // Retried every RETRY_MS (the address may be freed, e.g. by another cluster); said once.
            if (!this.reported.has(key)) this.options.log(`proxy: cannot listen on ${key} for ${spec.service}: ${error.message}`);
            this.reported.add(key);
          },
        ),
      );
    }
    await Promise.all(opening);
  }

  private route(spec: ListenerSpec, clientIP: string): { ip: string; port: number } | undefined {
    const [namespace, name] = spec.service.split('/') as [string, string];
    const service = this.services.get(namespace, name);
    if (!service) return undefined;
    const slices = this.slices.list(namespace).filter((slice) => slice.metadata.labels?.['kubernetes.io/service-name'] === name);
    const backends = endpointsFor(slices, spec.portName, spec.protocol, { includeUnready: this.options.faults.has('proxy-routes-to-unready') });
    if (backends.length === 0) return undefined;
    if (service.spec?.sessionAffinity === 'ClientIP' && !this.options.faults.has('session-affinity-ignored')) {
      const key = `${serviceKey(service)}/${spec.portName}`;
      let table = this.affinity.get(key);
      if (!table) this.affinity.set(key, (table = new AffinityTable()));
      const timeout = service.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS;
      return table.choose(clientIP, backends, timeout, Date.now());
    }
    return backends[Math.floor(Math.random() * backends.length)];
  }
}
