import { RESOURCES, isNotFound, type ApiClient, type KubeObject } from '../../client/index.ts';
import type { NodeRegistry } from '../node-registry.ts';
import type { Pod } from '../pod-types.ts';
import { badRequest, notFound, unavailable } from './connect-errors.ts';
import type { Backend } from './http-forward.ts';
import type { ProxyName } from './proxy-target.ts';

/** Where pods/proxy and services/proxy requests go: a pod IP and port, or a ready endpoint. */
export function podBackend(registry: NodeRegistry, namespace: string, target: ProxyName, options: { misroute?: boolean } = {}): { backend: Backend; pod: Pod } {
  const worker = registry.pod(namespace, target.name);
  if (!worker) throw unavailable(`pod ${target.name} is not running on any node`);
  const pod = worker.current;
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []);
  let port: number | undefined;
  if (target.port === '') port = ports[0]?.containerPort ?? 80;
  else if (/^\d+$/.test(target.port)) port = Number(target.port);
  else port = ports.find((p) => p.name === target.port)?.containerPort;
  if (port === undefined) throw badRequest(`no port named ${JSON.stringify(target.port)} on pod ${target.name}`);
  const ip = options.misroute ? (otherPodIp(registry, namespace, target.name) ?? worker.sandbox.ip) : worker.sandbox.ip;
  return { backend: { scheme: target.scheme || 'http', ip, port }, pod };
}

/** For the pod-proxy-misroutes fault: the IP of another running pod of the namespace, if any. */
function otherPodIp(registry: NodeRegistry, namespace: string, name: string): string | undefined {
  const others = registry
    .nodes()
    .flatMap((kubelet) => kubelet.allWorkers())
    .filter((w) => w.sandbox.namespace === namespace && w.sandbox.podName !== name && w.sandbox.ip)
    .sort((a, b) => a.sandbox.podName.localeCompare(b.sandbox.podName));
  return others[0]?.sandbox.ip;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

interface EndpointSlice extends KubeObject {
  ports?: { name?: string; port?: number; protocol?: string }[];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

export async function serviceBackend(client: ApiClient, namespace: string, target: ProxyName): Promise<Backend> {
  let service: KubeObject & { spec?: { ports?: ServicePort[] } };
  try {
    service = await client.get(RESOURCES.services, namespace, target.name);
  } catch (error) {
    if (isNotFound(error)) throw notFound(`services "${target.name}" not found`);
    throw error;
  }
  const ports = service.spec?.ports ?? [];
  const port = target.port === '' ? ports[0] : ports.find((p) => p.name === target.port || String(p.port) === target.port);
  if (!port) throw unavailable(`no service port ${JSON.stringify(target.port)} found for service "${target.name}"`);
  const slices = await client.list<EndpointSlice>(RESOURCES.endpointslices, namespace, { labelSelector: `kubernetes.io/service-name=${target.name}` });
  for (const slice of slices.items) {
    const slicePort = (slice.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
    if (!slicePort?.port) continue;
    const ready = (slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    if (ready.length === 0) continue;
    const chosen = ready[Math.floor(Math.random() * ready.length)]!;
    return { scheme: target.scheme || 'http', ip: chosen.addresses[0]!, port: slicePort.port };
  }
  throw unavailable(`no endpoints available for service "${target.name}"`);
}
