import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kubelet } from '../kubelet.ts';

/**
 * nodes/NAME/proxy/…: the few kubelet HTTP endpoints tests and tools touch: /healthz, /pods,
 * /logs/ (an empty directory listing), /metrics/resource and /stats/summary (CPU per container).
 */
export function nodeProxy(kubelet: Kubelet, path: string, _req: IncomingMessage, res: ServerResponse): void {
  const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const route = path.split('?')[0] || '/';
  if (route === '/healthz') return send(200, 'ok');
  if (route === '/pods' || route === '/pods/') {
    return send(200, JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: kubelet.allWorkers().map((w) => ({ ...w.current, status: w.status() })) }), 'application/json');
  }
  if (route === '/logs' || route === '/logs/') return send(200, '<pre>\n<a href="containers/">containers/</a>\n<a href="pods/">pods/</a>\n</pre>\n', 'text/html; charset=utf-8');
  if (route === '/stats/summary') {
    const pods = kubelet.allWorkers().map((w) => ({
      podRef: { name: w.sandbox.podName, namespace: w.sandbox.namespace, uid: w.current.metadata.uid },
      containers: w.containers.map((c) => ({ name: c.name, cpu: { usageCoreNanoSeconds: Math.round(c.cpuUsageMs() * 1e6) } })),
    }));
    return send(200, JSON.stringify({ node: { nodeName: kubelet.nodeName }, pods }), 'application/json');
  }
  send(404, '404 page not found\n');
}
