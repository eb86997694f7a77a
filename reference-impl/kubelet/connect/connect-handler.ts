import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { RESOURCES, type ApiClient } from '../../client/index.ts';
import type { Pod } from '../pod-types.ts';
import type { NodeRegistry } from '../node-registry.ts';
import type { FaultSet } from '../../faults.ts';
import type { ConnectTarget, KubeletSide, PodUsage } from '../../api-server/connect/index.ts';
import { podBackend, serviceBackend } from './backends.ts';
import { ConnectError, badRequest, notFound, unavailable, writeStatus } from './connect-errors.ts';
import { upgradeExec } from './exec-websocket.ts';
import { upgradeExecSpdy } from './exec-spdy.ts';
import { upgradePortForward } from './port-forward.ts';
import { forward, redirectToSlash } from './http-forward.ts';
import { nodeProxy } from './node-proxy.ts';
import { selectLog, serveLog } from './pod-logs.ts';
import { parseProxyName, ProxyNameError } from './proxy-target.ts';
import { attachSession, execSession, terminalSession } from './stream-session.ts';

/**
 * The kubelet side of the connect subresources, plugged into the API server: pods/log,
 * pods/exec (WebSocket), pods/proxy, services/proxy and nodes/proxy. Pods are reached through
 * the in-process kubelets (NodeRegistry); services through the API (Service + EndpointSlices).
 */
export interface ConnectDependencies {
  registry: NodeRegistry;
  client: ApiClient;
  /** Only pod-proxy-misroutes is honoured here. */
  faults?: FaultSet;
}

/** Memory an emulated container reports (it has no real heap of its own). */
const CONTAINER_MEMORY_BYTES = 2 * 1024 * 1024;

export function createConnectHandler(deps: ConnectDependencies): KubeletSide {
  return {
    usage: {
      nodeNames: () => deps.registry.nodes().map((kubelet) => kubelet.nodeName),
      pods: () =>
        deps.registry.nodes().flatMap((kubelet) =>
          kubelet.allWorkers().map(
            (worker): PodUsage => ({
              namespace: worker.sandbox.namespace,
              name: worker.sandbox.podName,
              uid: String(worker.current.metadata.uid),
              labels: worker.current.metadata.labels ?? {},
              nodeName: kubelet.nodeName,
              containers: worker.containers
                .filter((c) => c.current?.running)
                .map((c) => ({ name: c.name, cpuUsageMs: c.current!.cpuUsageMs(), startedAt: c.current!.startedAt.getTime(), memoryBytes: CONTAINER_MEMORY_BYTES })),
            }),
          ),
        ),
    },
    async handle(target, req, res) {
      try {
        await handleHttp(deps, target, req, res);
      } catch (error) {
        if (error instanceof ConnectError) return writeStatus(res, error);
        if (error instanceof ProxyNameError) return writeStatus(res, badRequest(error.message));
        writeStatus(res, new ConnectError(500, 'InternalError', (error as Error).message));
      }
    },
    async upgrade(target, req, socket, head) {
      try {
        await handleUpgrade(deps, target, req, socket, head);
      } catch (error) {
        const code = error instanceof ConnectError ? error.code : 500;
        const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: (error as Error).message, code });
        socket.end(`HTTP/1.1 ${code} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
    },
  };
}

/** The kubelet's answer for logs of a pod no node runs yet (unscheduled, or just created). */
async function notStartedYet(deps: ConnectDependencies, namespace: string, name: string, container: string | null): Promise<ConnectError> {
  try {
    const pod = await deps.client.get<Pod>(RESOURCES.pods, namespace, name);
    const chosen = container ?? pod.spec.containers[0]?.name ?? '';
    return badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ContainerCreating`);
  } catch {
    return notFound(`pods "${name}" not found`);
  }
}

function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://api').searchParams;
}

function proxyPrefix(target: ConnectTarget): string {
  const scope = target.namespace ? `/namespaces/${target.namespace}` : '';
  return `/api/v1${scope}/${target.resource}/${target.name}/proxy`;
}

async function handleHttp(deps: ConnectDependencies, target: ConnectTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const namespace = target.namespace ?? 'default';
  const key = `${target.resource}/${target.subresource}`;
  if (key === 'pods/log') {
    const worker = deps.registry.pod(namespace, target.name);
    if (!worker) throw await notStartedYet(deps, namespace, target.name, queryOf(req).get('container'));
    return serveLog(selectLog(worker, queryOf(req)), queryOf(req), req, res);
  }
  if (target.subresource !== 'proxy') throw badRequest(`${key} needs a WebSocket upgrade`);
  if (target.rest === '' && redirectToSlash(req, res)) return;
  const name = parseProxyName(target.name);
  if (target.resource === 'pods') return forward(podBackend(deps.registry, namespace, name, { misroute: deps.faults?.has('pod-proxy-misroutes') }).backend, target.rest, req, res, proxyPrefix(target));
  if (target.resource === 'services') return forward(await serviceBackend(deps.client, namespace, name), target.rest, req, res, proxyPrefix(target));
  if (target.resource === 'nodes') {
    const kubelet = deps.registry.node(name.name);
    if (!kubelet) throw notFound(`node ${name.name} has no kubelet`);
    return nodeProxy(kubelet, target.rest, req, res);
  }
  throw notFound(`${key} is not supported`);
}

const UPGRADABLE = new Set(['exec', 'attach', 'portforward']);

async function handleUpgrade(deps: ConnectDependencies, target: ConnectTarget, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const namespace = target.namespace ?? 'default';
  if (target.resource !== 'pods' || !UPGRADABLE.has(target.subresource)) {
    throw badRequest(`${target.resource}/${target.subresource} upgrades are not supported by the reference kubelet`);
  }
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (upgrade !== 'websocket' && upgrade !== 'spdy/3.1') throw badRequest(`unsupported upgrade ${JSON.stringify(upgrade)}: use WebSocket or SPDY/3.1`);
  const worker = deps.registry.pod(namespace, target.name);
  if (!worker) throw unavailable(`pod ${target.name} is not running on any node`);
  const query = queryOf(req);
  if (target.subresource === 'portforward') return upgradePortForward(req, socket, head, query, worker.sandbox.ip, target.name);
  const containerName = query.get('container') ?? undefined;
  const container = worker.findContainer(containerName);
  if (!container) throw badRequest(`container ${containerName} is not valid for pod ${target.name}`);
  const run = container.current;
  if (!run?.running) throw badRequest(`container ${container.name} is not running`);
  const argv = query.getAll('command');
  const terminal = query.get('tty') === 'true' && query.get('stdin') === 'true' && argv.length === 1 && /(^|\/)(sh|bash|ash)$/.test(argv[0]!);
  const session = target.subresource === 'attach' ? attachSession(run) : terminal ? terminalSession(run, argv) : execSession(run, argv);
  if (upgrade === 'spdy/3.1') return upgradeExecSpdy(req, socket, query, session);
  upgradeExec(req, socket, head, query, session);
}
