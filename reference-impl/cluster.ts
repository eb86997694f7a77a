import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { bootstrapCluster, keepBootstrapped } from './api-server/bootstrap.ts';
import { keepExpiringEvents } from './api-server/event-ttl.ts';
import { admissionHooks } from './api-server/admission/api-server-hooks.ts';
import type { ConnectHandler, ConnectTarget, KubeletSide } from './api-server/connect/index.ts';
import { startApiServer, type ApiServerOptions } from './api-server/server.ts';
import type { ClusterOptions, RunningCluster } from './cluster-types.ts';
import type { Component, ComponentContext, RunningComponent } from './component.ts';
import { FaultSet } from './faults.ts';
import { networkPlan, podBlockSize } from './network-config.ts';
import { acquireNetworkSlot } from './network-slot.ts';
import { loadOrCreateCredentials } from './pki/certificates.ts';
import { writeKubeconfig } from './pki/kubeconfig.ts';
import { openStore, type Store } from './store/index.ts';
import { controllerManager } from './controllers/index.ts';
import { scheduler } from './scheduler/index.ts';
import { kubeletComponent } from './kubelet/component.ts';
import { serviceProxyComponent } from './proxy/component.ts';
import { clusterDnsComponent } from './dns/component.ts';
import { METRICS_GROUP_VERSION, metricsPathHandler } from './api-server/metrics/index.ts';

/**
 * Components started after the API server, in this order (stopped in reverse). Engineers of the
 * controllers, scheduler, kubelet, proxy and DNS add theirs here.
 */
export const DEFAULT_COMPONENTS: Component[] = [controllerManager, scheduler, kubeletComponent(), serviceProxyComponent(), clusterDnsComponent()];

export interface StartClusterExtras {
  /** Replaces DEFAULT_COMPONENTS (tests start only what they need). */
  components?: Component[];
  /** Used instead of opening options.store (tests: e.g. a memory store with a short history); closed on stop. */
  store?: Store;
  /** Extra API server options (OpenAPI and metrics handlers, admission, watch bookmark interval). */
  apiServer?: Partial<Pick<ApiServerOptions, 'pathHandlers' | 'extraDiscovery' | 'admit' | 'released' | 'bookmarkIntervalMs' | 'maxBodyBytes'>>;
}

/** Forwards to whichever ConnectHandler a component registers (the kubelet starts after the server). */
class LateConnectHandler implements ConnectHandler {
  current?: ConnectHandler;

  async handle(target: ConnectTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.current) {
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: `${target.resource}/${target.subresource} is not available yet: no kubelet is running` });
      res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    return this.current.handle(target, req, res);
  }

  async upgrade(target: ConnectTarget, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!this.current) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    return this.current.upgrade(target, req, socket, head);
  }
}

export async function startCluster(options: ClusterOptions, extras: StartClusterExtras = {}): Promise<RunningCluster> {
  const log = options.log ?? (() => {});
  const faults = new FaultSet(options.faults);
  podBlockSize(options.nodes); // a node count the address plan cannot hold fails before a slot is taken
  // Held until stop: no other cluster on this machine uses these addresses meanwhile.
  const slot = await acquireNetworkSlot(options.dataDir, { requested: options.networkSlot });
  const network = networkPlan(slot.slot, options.nodes);
  const connect = new LateConnectHandler();
  const stops: Array<() => Promise<void>> = [() => slot.release()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`stop failed: ${(error as Error).message}`);
      }
    }
  };
  try {
    const credentials = await loadOrCreateCredentials(options.dataDir, { kubernetesServiceIP: network.kubernetesServiceIP });
    const store = extras.store ?? (await openStore({ kind: options.store, dataDir: options.dataDir, etcdEndpoints: options.etcdEndpoints }));
    stops.push(() => store.close());
    // metrics.k8s.io is served from the kubelets' CPU accounting (reference-impl/api-server/metrics).
    const pathHandlers = [...(extras.apiServer?.pathHandlers ?? []), metricsPathHandler(() => (connect.current as KubeletSide | undefined)?.usage)];
    const extraDiscovery = [...(extras.apiServer?.extraDiscovery ?? []), METRICS_GROUP_VERSION];
    const server = await startApiServer({ store, credentials, port: options.port, faults, log, connect, ...admissionHooks(store, { ranges: { serviceCIDR: network.serviceCIDR, nodePorts: network.nodePortRange } }), ...extras.apiServer, pathHandlers, extraDiscovery });
    stops.push(() => server.close());
    const apiEndpoint = { apiServerIP: '127.0.0.1', port: server.port, kubernetesServiceIP: network.kubernetesServiceIP };
    await bootstrapCluster(server.context, apiEndpoint);
    const stopBootstrap = keepBootstrapped(server.context, apiEndpoint);
    stops.push(async () => stopBootstrap());
    const stopEventExpiry = keepExpiringEvents(server.context);
    stops.push(async () => stopEventExpiry());
    const kubeconfigPath = options.kubeconfigOut ?? join(options.dataDir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, { server: server.url, caCertPem: credentials.caCertPem, token: credentials.adminToken });
    log(`api server listening on ${server.url} (store ${options.store}), kubeconfig ${kubeconfigPath}, network slot ${network.slot} (127.${network.slot}.0.0/16)`);
    const context: ComponentContext = {
      kubeconfigPath,
      server: server.url,
      caPem: credentials.caCertPem,
      token: credentials.adminToken,
      faults,
      nodes: options.nodes,
      network,
      dataDir: options.dataDir,
      log,
      setConnectHandler: (handler) => {
        connect.current = handler;
      },
    };
    for (const component of extras.components ?? DEFAULT_COMPONENTS) {
      const running: RunningComponent = await component.start(context);
      log(`started ${component.name}`);
      stops.push(() => running.stop());
    }
    return { url: server.url, kubeconfigPath, network, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
