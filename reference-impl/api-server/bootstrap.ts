import { findResource } from './registry/resources.ts';
import type { KubeObject, ResourceInfo } from './registry/types.ts';
import type { ApiContext } from './rest/context.ts';
import { createStored } from './rest/create.ts';
import { clone, deepEqual } from './rest/prepare.ts';
import { updateStored } from './rest/update.ts';

/**
 * What kube-apiserver's bootstrap controllers create: the system namespaces, and the `kubernetes`
 * Service in `default` with Endpoints and an EndpointSlice pointing at the API server itself.
 * Idempotent: a restarted server (durable store) only fixes what changed, e.g. its port.
 */
const SYSTEM_WRITE = { dryRun: false, manager: 'kube-apiserver' };

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const resource = (group: string, version: string, plural: string): ResourceInfo => findResource(group, version, plural)!;

/** Where the API server listens, and the `kubernetes` Service VIP of the cluster's network slot. */
export interface ApiServerEndpoint {
  apiServerIP: string;
  port: number;
  kubernetesServiceIP: string;
}

export function kubernetesServiceObjects({ apiServerIP, port, kubernetesServiceIP }: ApiServerEndpoint): Array<{ info: ResourceInfo; object: KubeObject }> {
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  return [
    {
      info: resource('', 'v1', 'services'),
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels },
        spec: {
          type: 'ClusterIP',
          clusterIP: kubernetesServiceIP,
          clusterIPs: [kubernetesServiceIP],
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          sessionAffinity: 'None',
          internalTrafficPolicy: 'Cluster',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
        },
      },
    },
    {
      info: resource('', 'v1', 'endpoints'),
      object: {
        apiVersion: 'v1',
        kind: 'Endpoints',
        // skip-mirror: the API server writes the slice itself, the mirroring controller must not.
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: apiServerIP }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
      },
    },
    {
      info: resource('discovery.k8s.io', 'v1', 'endpointslices'),
      object: {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [apiServerIP], conditions: { ready: true } }],
        ports: [{ name: 'https', port, protocol: 'TCP' }],
      },
    },
  ];
}

/** Creates whatever is missing and rewrites what differs (the Service keeps its allocated fields). */
export async function bootstrapCluster(ctx: ApiContext, endpoint: ApiServerEndpoint): Promise<void> {
  const namespaces = resource('', 'v1', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    if (!(await ctx.objects.find(namespaces, undefined, name))) {
      await createStored(ctx, namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, SYSTEM_WRITE);
    }
  }
  for (const { info, object } of kubernetesServiceObjects(endpoint)) {
    const current = await ctx.objects.find(info, 'default', object.metadata!.name!);
    if (!current) {
      await createStored(ctx, info, clone(object), SYSTEM_WRITE);
      continue;
    }
    const next: KubeObject = { ...clone(current), ...clone(object), metadata: { ...clone(current.metadata!), labels: object.metadata!.labels } };
    if (info.resource === 'services') next.spec = { ...(current.spec as object), ports: (object.spec as { ports: unknown }).ports };
    if (!deepEqual(next, current)) await updateStored(ctx, info, current, next, SYSTEM_WRITE);
  }
}

/**
 * Keeps re-running the bootstrap, as kube-apiserver's bootstrap controllers do, so a deleted
 * `kubernetes` Service or system namespace comes back. Returns the function that stops it.
 */
export function keepBootstrapped(ctx: ApiContext, endpoint: ApiServerEndpoint, intervalMs = 10_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    bootstrapCluster(ctx, endpoint)
      .catch((error: unknown) => ctx.log(`bootstrap reconcile failed: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
