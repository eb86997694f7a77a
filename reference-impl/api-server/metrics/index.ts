import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodUsage, ResourceUsageSource } from '../connect/index.ts';
import type { ExtraGroupVersion } from '../discovery.ts';
import type { PathHandler } from '../server.ts';
import { CpuRates } from './cpu-rates.ts';
import { parseSelector } from './label-selector.ts';

/**
 * metrics.k8s.io/v1beta1 (what metrics-server serves): PodMetrics and NodeMetrics computed from
 * the kubelets' cumulative CPU counters (ResourceUsageSource, plugged in with the kubelets'
 * ConnectHandler). The HPA controller and `kubectl top` read it.
 */
export const METRICS_GROUP_VERSION: ExtraGroupVersion = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resources: [
    { name: 'pods', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] },
    { name: 'nodes', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] },
  ],
};

const PREFIX = '/apis/metrics.k8s.io/v1beta1';
const WINDOW = '15s';
/** Base memory of a node without pods, so NodeMetrics look like a real machine's. */
const NODE_BASE_MEMORY_BYTES = 512 * 1024 * 1024;

/** A path handler for the API server; `source` is read per request (kubelets start after the server). */
export function metricsPathHandler(source: () => ResourceUsageSource | undefined): PathHandler {
  const rates = new CpuRates();
  return async (req, res, path, query) => {
    if (!path.startsWith(PREFIX)) return false;
    const match = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(pods|nodes)(?:\/([^/]+))?\/?$/.exec(path);
    if (!match) return false;
    const [, namespace, resource, name] = match;
    const usage = source();
    const now = Date.now();
    const timestamp = new Date(now).toISOString();
    const pods = usage?.pods() ?? [];
    const podCpu = (pod: PodUsage) => pod.containers.map((c) => ({ name: c.name, millicores: rates.millicores(`${pod.uid}/${c.name}/${c.startedAt}`, c.cpuUsageMs, c.startedAt, now), memoryBytes: c.memoryBytes }));
    if (resource === 'nodes') {
      const items = (usage?.nodeNames() ?? [])
        .filter((node) => !name || node === name)
        .map((node) => {
          const onNode = pods.filter((pod) => pod.nodeName === node).map(podCpu).flat();
          const millicores = onNode.reduce((sum, c) => sum + c.millicores, 0);
          const memory = onNode.reduce((sum, c) => sum + c.memoryBytes, NODE_BASE_MEMORY_BYTES);
          return { metadata: { name: node, creationTimestamp: timestamp, labels: { 'kubernetes.io/hostname': node } }, timestamp, window: WINDOW, usage: { cpu: cpuQuantity(millicores), memory: memoryQuantity(memory) } };
        });
      return respond(req, res, name, items, 'NodeMetrics', `nodes.metrics.k8s.io "${name}" not found`);
    }
    const selector = parseSelector(query.get('labelSelector'));
    const items = pods
      .filter((pod) => pod.containers.length > 0)
      .filter((pod) => (!namespace || pod.namespace === namespace) && (!name || pod.name === name) && selector(pod.labels))
      .map((pod) => ({
        metadata: { name: pod.name, namespace: pod.namespace, creationTimestamp: timestamp, labels: pod.labels },
        timestamp,
        window: WINDOW,
        containers: podCpu(pod).map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.millicores), memory: memoryQuantity(c.memoryBytes) } })),
      }));
    return respond(req, res, name, items, 'PodMetrics', `podmetrics.metrics.k8s.io "${namespace}/${name}" not found`);
  };
}

/** Nanocores, as metrics-server reports (`12345678n`). */
export function cpuQuantity(millicores: number): string {
  return `${Math.max(0, Math.round(millicores * 1e6))}n`;
}

export function memoryQuantity(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}

function respond(req: IncomingMessage, res: ServerResponse, name: string | undefined, items: object[], kind: string, missing: string): boolean {
  const apiVersion = 'metrics.k8s.io/v1beta1';
  let status = 200;
  let body: object;
  if (name) {
    const item = items[0];
    if (item) body = { kind, apiVersion, ...item };
    else {
      status = 404;
      body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: missing, reason: 'NotFound', code: 404 };
    }
  } else body = { kind: `${kind}List`, apiVersion, metadata: {}, items: items.map((item) => ({ kind, apiVersion, ...item })) };
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
  return true;
}
