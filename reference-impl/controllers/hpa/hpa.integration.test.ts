import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { createControllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';

const NS = 'default';

/** Serves metrics.k8s.io PodMetrics for the pods the test lists, each using `cpuPerPod`. */
function fakeMetrics(cluster: () => ControllerCluster, cpuPerPod: () => string) {
  return async (_req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> => {
    if (!path.startsWith('/apis/metrics.k8s.io/v1beta1/namespaces/')) return false;
    const pods = (await cluster().client.list(RESOURCES.pods, NS, { labelSelector: query.get('labelSelector') ?? '' })).items;
    const now = new Date().toISOString();
    const items = pods
      .filter((pod) => (pod.status as { phase?: string })?.phase === 'Running')
      .map((pod) => ({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name: pod.metadata.name, namespace: NS }, timestamp: now, window: '15s', containers: [{ name: 'c', usage: { cpu: cpuPerPod(), memory: '1Mi' } }] }));
    const body = JSON.stringify({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
    return true;
  };
}

describe('HorizontalPodAutoscaler against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;
  let cpu = '150m';

  before(async () => {
    cluster = await startControllerCluster([createControllerManager({ hpaSyncPeriodMs: 200 }), scheduler], {
      apiServer: {
        pathHandlers: [fakeMetrics(() => cluster, () => cpu)],
        extraDiscovery: [{ group: 'metrics.k8s.io', version: 'v1beta1', resources: [{ name: 'pods', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] }] }],
      },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('scales up on CPU above target, then down after its short stabilization window', async () => {
    await cluster.client.create(RESOURCES.deployments, {
      metadata: { name: 'busy', namespace: NS },
      spec: { replicas: 2, selector: { matchLabels: { app: 'busy' } }, template: { metadata: { labels: { app: 'busy' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'httpd', resources: { requests: { cpu: '100m' } } }] } } },
    } as KubeObject);
    await eventually('2 available', async () => ((await cluster.client.get(RESOURCES.deployments, NS, 'busy')).status as { availableReplicas?: number })?.availableReplicas === 2);
    await cluster.client.create(RESOURCES.horizontalpodautoscalers, {
      metadata: { name: 'busy', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'busy' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 1 } },
      },
    } as KubeObject);
    // 150% of requests against a 50% target: 3 × 2 = 6 wanted, capped at maxReplicas 5.
    await eventually('scaled to 5', async () => ((await cluster.client.get(RESOURCES.deployments, NS, 'busy')).spec as { replicas: number }).replicas === 5);
    const hpa = await eventually('status reports the rescale', async () => {
      const current = await cluster.client.get(RESOURCES.horizontalpodautoscalers, NS, 'busy');
      return (current.status as { desiredReplicas?: number })?.desiredReplicas === 5 ? current : undefined;
    });
    const conditions = (hpa.status as { conditions: { type: string; status: string; reason: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'ScalingActive')).to.include({ status: 'True', reason: 'ValidMetricFound' });
    cpu = '5m';
    await eventually('scaled down to the minimum', async () => ((await cluster.client.get(RESOURCES.deployments, NS, 'busy')).spec as { replicas: number }).replicas === 1);
    const events = (await cluster.client.list(RESOURCES.events, NS, { fieldSelector: 'involvedObject.name=busy,reason=SuccessfulRescale' })).items.map((e) => e.message);
    expect(events).to.include('New size: 5; reason: cpu resource utilization (percentage of request) above target');
    expect(events).to.include('New size: 1; reason: All metrics below target');
  });
});
