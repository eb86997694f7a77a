import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ApiClient, Informer, isNotFound, RESOURCES } from '../../client/index.ts';
import type { Component } from '../../component.ts';
import type { StartClusterExtras } from '../../cluster.ts';
import { startTestApiServer, type TestApiServer } from '../../api-server/testing/test-api-server.ts';
import { rfc3339 } from '../shared/json.ts';
import type { Pod } from '../shared/pods.ts';
import { eventually as pollUntil } from '../../testing/eventually.ts';

/**
 * A cluster for controller integration tests: the real API server (memory store) plus the given
 * components, two Ready nodes created directly, and a kubelet stand-in that does what a kubelet
 * would through the status subresource: bound pods become Running and Ready (unless their image is
 * in `neverReady`), and pods being deleted on a node are finally removed (unless their image is in
 * `lingering`: those stay terminating, as if shutting down slowly, until the test removes them).
 */
export interface ControllerCluster {
  server: TestApiServer;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  client: ApiClient;
  stop(): Promise<void>;
}

export async function startControllerCluster(
  components: Component[],
  options: { neverReady?: string[]; lingering?: string[]; nodes?: number; apiServer?: StartClusterExtras['apiServer'] } = {},
): Promise<ControllerCluster> {
  const server = await startTestApiServer({ components, apiServer: options.apiServer });
  const client = new ApiClient({ server: server.url, token: server.token, caPem: server.caPem });
  const kubeConfig = server.kubeConfig;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  for (let i = 0; i < (options.nodes ?? 2); i++) {
    await client.create(RESOURCES.nodes, {
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } },
      spec: {},
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: rfc3339(Date.now()), lastTransitionTime: rfc3339(Date.now()) }],
      },
    });
  }
  // Node status is a subresource: make sure Ready sticks even if create dropped status.
  for (let i = 0; i < (options.nodes ?? 2); i++) {
    const node = await client.get(RESOURCES.nodes, undefined, `node-${i}`);
    if (!(node.status as { conditions?: unknown[] } | undefined)?.conditions) {
      await client.patch(RESOURCES.nodes, undefined, `node-${i}`, {
        status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
      }, 'merge', 'status');
    }
  }
  const kubelet = new Informer<Pod>(client, RESOURCES.pods);
  const neverReady = new Set(options.neverReady ?? []);
  const lingering = new Set(options.lingering ?? []);
  const act = (pod: Pod) => void fakeKubelet(client, pod, neverReady, lingering).catch(() => undefined);
  kubelet.addHandlers({ onAdd: act, onUpdate: (_old, pod) => act(pod) });
  await kubelet.start();
  return {
    server,
    kubeConfig,
    core,
    apps,
    client,
    async stop() {
      await kubelet.stop();
      client.close();
      await server.stop();
    },
  };
}

let podIp = 0;

async function fakeKubelet(client: ApiClient, pod: Pod, neverReady: Set<string>, lingering: Set<string>): Promise<void> {
  const { namespace, name } = pod.metadata;
  if (!pod.spec?.nodeName) return;
  if (pod.metadata.deletionTimestamp) {
    if ((pod.spec.containers ?? []).some((container) => lingering.has(String(container.image)))) return;
    await client.delete(RESOURCES.pods, namespace, String(name), { gracePeriodSeconds: 0 }).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
    return;
  }
  if (pod.status?.phase === 'Running') return;
  const stuck = (pod.spec.containers ?? []).some((container) => neverReady.has(String(container.image)));
  const now = rfc3339(Date.now());
  const ready = stuck ? 'False' : 'True';
  podIp++;
  await client.patch(RESOURCES.pods, namespace, String(name), {
    status: {
      phase: stuck ? 'Pending' : 'Running',
      podIP: `127.10.${Math.floor(podIp / 250)}.${(podIp % 250) + 1}`,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: ready, lastTransitionTime: now },
        { type: 'Ready', status: ready, lastTransitionTime: now },
      ],
      containerStatuses: (pod.spec.containers ?? []).map((container) => ({
        name: container.name, image: container.image, imageID: '', ready: !stuck, restartCount: 0, started: !stuck,
        state: stuck ? { waiting: { reason: 'ImagePullBackOff' } } : { running: { startedAt: now } },
      })),
    },
  }, 'merge', 'status');
}

/** Polls until check returns a value (not undefined/false); fails with the last observation. */
export function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  return pollUntil(what, check, { timeoutMs, intervalMs: 50 });
}
