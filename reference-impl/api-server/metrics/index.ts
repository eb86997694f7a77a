import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraGroupVersion } from '../discovery.ts';
import type { PathHandler } from '../server.ts';
import { registryForApiPort, type NodeRegistry } from '../../kubelet/node-registry.ts';
import type { PodWorker } from '../../kubelet/pod-worker.ts';
import { CpuRates } from './cpu-rates.ts';

/**
 * metrics.k8s.io/v1beta1 (what metrics-server serves): PodMetrics and NodeMetrics built from the
 * kubelets' per-container CPU accounting. The HPA controller and `kubectl top` read it.
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
const MEMORY_PER_CONTAINER = '2048Ki';
const WINDOW = '15s';

/** A path handler for the API server; finds the kubelets by the port the request came in on. */
export function metricsPathHandler(source: (req: IncomingMessage) => NodeRegistry = (req) => registryForApiPort(req.socket.localPort ?? 0)): PathHandler {
  const rates = new CpuRates();
  return async (req, res, path, query) => {
    if (!path.startsWith(PREFIX)) return false;
    const match = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(pods|nodes)(?:\/([^/]+))?\/?$/.exec(path);
    if (!match) return false;
    const [, namespace, resource, name] = match;
    const registry = source(req);
    const now = Date.now();
    if (resource === 'nodes') {
      const nodes = registry.nodes().filter((kubelet) => !name || kubelet.nodeName === name);
      const items = nodes.map((kubelet) => {
        const millicores = kubelet.allWorkers().reduce((sum, worker) => sum + podCpu(rates, worker, now).reduce((a, c) => a + c.millicores, 0), 0);
        return {
          metadata: { name: kubelet.nodeName, creationTimestamp: new Date(now).toISOString(), labels: { 'kubernetes.io/hostname': kubelet.nodeName } },
          timestamp: new Date(now).toISOString(),
          window: WINDOW,
          usage: { cpu: cpuQuantity(millicores), memory: `${kubelet.allWorkers().length * 2048 + 524288}Ki` },
        };
      });
      return respond(req, res, name, items, 'NodeMetrics', `nodes.metrics.k8s.io "${name}" not found`);
    }
    const selector = parseSelector(query.get('labelSelector'));
    const workers = registry
      .nodes()
      .flatMap((kubelet) => kubelet.allWorkers())
      .filter((worker) => worker.containers.some((c) => c.current?.running))
      .filter((worker) => (!namespace || worker.sandbox.namespace === namespace) && (!name || worker.sandbox.podName === name))
      .filter((worker) => selector(worker.current.metadata.labels ?? {}));
    const items = workers.map((worker) => ({
      metadata: { name: worker.sandbox.podName, namespace: worker.sandbox.namespace, creationTimestamp: new Date(now).toISOString(), labels: worker.current.metadata.labels ?? {} },
      timestamp: new Date(now).toISOString(),
      window: WINDOW,
      containers: podCpu(rates, worker, now).map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.millicores), memory: MEMORY_PER_CONTAINER } })),
    }));
    return respond(req, res, name, items, 'PodMetrics', `podmetrics.metrics.k8s.io "${namespace}/${name}" not found`);
  };
}

function podCpu(rates: CpuRates, worker: PodWorker, now: number): { name: string; millicores: number }[] {
  return worker.containers
    .filter((c) => c.current?.running)
    .map((c) => ({ name: c.name, millicores: rates.millicores(`${worker.current.metadata.uid}/${c.name}/${c.current!.startedAt.getTime()}`, c.current!.cpuUsageMs(now), c.current!.startedAt.getTime(), now) }));
}

/** Nanocores, as metrics-server reports (`12345678n`). */
export function cpuQuantity(millicores: number): string {
  return `${Math.max(0, Math.round(millicores * 1e6))}n`;
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

/** Equality-based label selectors (`a=b,c!=d,e`), the form the HPA controller sends. */
export function parseSelector(text: string | null): (labels: Record<string, string>) => boolean {
  if (!text) return () => true;
  const tests = text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const inMatch = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (inMatch) {
      const values = inMatch[3]!.split(',').map((v) => v.trim());
      return (labels: Record<string, string>) => (inMatch[2] === 'in') === values.includes(labels[inMatch[1]!] ?? '\u0000');
    }
    const neq = /^([^!=]+)!=(.*)$/.exec(part);
    if (neq) return (labels: Record<string, string>) => labels[neq[1]!.trim()] !== neq[2]!.trim();
    const eq = /^([^!=]+)==?(.*)$/.exec(part);
    if (eq) return (labels: Record<string, string>) => labels[eq[1]!.trim()] === eq[2]!.trim();
    if (part.startsWith('!')) return (labels: Record<string, string>) => !(part.slice(1) in labels);
    return (labels: Record<string, string>) => part in labels;
  });
  return (labels) => tests.every((test) => test(labels));
}
