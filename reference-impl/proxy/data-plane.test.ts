import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CoreV1Api, CustomObjectsApi, DiscoveryV1Api, Exec, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startCluster } from '../cluster.ts';
import type { RunningCluster } from '../cluster-types.ts';
import { clusterDnsComponent } from '../dns/component.ts';
import { kubeletComponent } from '../kubelet/component.ts';
import { serviceProxyComponent } from './component.ts';
import { eventually } from '../testing/eventually.ts';

/**
 * Services end to end: kubelets, the Service proxy and cluster DNS against a real API server.
 * EndpointSlices are written by hand so this test depends on no controller.
 */
describe('service proxy, cluster DNS and metrics against the reference API server', function () {
  this.timeout(60_000);
  let cluster: RunningCluster;
  let core: CoreV1Api;
  let discovery: DiscoveryV1Api;
  let kc: KubeConfig;
  const dataDir = mkdtempSync(join(tmpdir(), 'kcert-proxy-'));

  before(async () => {
    cluster = await startCluster(
      { port: 0, dataDir, store: 'memory', nodes: 2, faults: [] },
      // DNS on :53 of this cluster's own DNS address: no other cluster on the machine has it.
      { components: [kubeletComponent(), serviceProxyComponent(), clusterDnsComponent()] },
    );
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    discovery = kc.makeApiClient(DiscoveryV1Api);
    const pod = (name: string, node: string, args: string[]) =>
      core.createNamespacedPod({
        namespace: 'default',
        body: { metadata: { name, labels: { app: 'web' } }, spec: { nodeName: node, containers: [{ name: 'c', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', args }] } },
      });
    await pod('web-1', 'kcert-node-1', ['netexec', '--http-port=8080']);
    await pod('web-2', 'kcert-node-2', ['netexec', '--http-port=8080']);
    await pod('client', 'kcert-node-1', ['pause']);
    for (const name of ['web-1', 'web-2', 'client']) await running(name);
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => eventually(what, probe, { timeoutMs, intervalMs: 100 });

  const running = (name: string): Promise<V1Pod> =>
    waitFor(`${name} running`, async () => {
      const pod = await core.readNamespacedPod({ name, namespace: 'default' });
      return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? pod : undefined;
    });

  async function exec(pod: string, script: string): Promise<string> {
    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      void new Exec(kc).exec('default', pod, 'c', ['/bin/sh', '-c', script], stdout, null, null, false, () => resolve()).catch(reject);
    });
    return output;
  }

  // The API server allocates ClusterIPs and NodePorts from this cluster's own ranges.
  async function service(name: string, spec: { type?: string; sessionAffinity?: string }): Promise<void> {
    const port = { name: 'http', port: 80, targetPort: 8080 };
    const created = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name }, spec: { ports: [port], ...spec } } });
    expect(created.spec?.clusterIP?.startsWith(`127.${cluster.network.slot}.`), created.spec?.clusterIP).to.equal(true);
    const ips = await Promise.all(['web-1', 'web-2'].map(async (pod) => (await core.readNamespacedPod({ name: pod, namespace: 'default' })).status!.podIP!));
    await discovery.createNamespacedEndpointSlice({
      namespace: 'default',
      body: {
        metadata: { name: `${name}-manual`, labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'kcert-test' } },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: ips.map((ip, i) => ({ addresses: [ip], conditions: { ready: true }, targetRef: { kind: 'Pod', name: `web-${i + 1}`, namespace: 'default' } })),
      },
    });
  }

  it('routes a ClusterIP Service to every ready endpoint, found by its DNS name', async () => {
    await service('web', {});
    const first = await waitFor('service reachable by name', async () => (await exec('client', 'curl -s --max-time 2 http://web/hostname')) || undefined);
    expect(first).to.be.oneOf(['web-1', 'web-2']);
    const seen = new Set<string>();
    for (let i = 0; i < 30 && seen.size < 2; i++) seen.add(await exec('client', 'curl -s http://web.default.svc.cluster.local/hostname'));
    expect([...seen].sort()).to.deep.equal(['web-1', 'web-2']);
    const svc = await core.readNamespacedService({ name: 'web', namespace: 'default' });
    const lookup = await exec('client', 'nslookup web.default.svc.cluster.local');
    expect(lookup).to.contain(`Address: ${svc.spec!.clusterIP}`);
    expect(await exec('client', `echo hostname | nc -u -w 1 ${svc.spec!.clusterIP} 80`)).to.equal('');
  });

  it('forwards UDP datagrams to a ready endpoint', async () => {
    const created = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'udp' }, spec: { ports: [{ name: 'udp', port: 90, protocol: 'UDP', targetPort: 8081 }] } } });
    const clusterIP = created.spec!.clusterIP!;
    const ip = (await core.readNamespacedPod({ name: 'web-1', namespace: 'default' })).status!.podIP!;
    await discovery.createNamespacedEndpointSlice({
      namespace: 'default',
      body: {
        metadata: { name: 'udp-manual', labels: { 'kubernetes.io/service-name': 'udp', 'endpointslice.kubernetes.io/managed-by': 'kcert-test' } },
        addressType: 'IPv4',
        ports: [{ name: 'udp', port: 8081, protocol: 'UDP' }],
        endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      },
    });
    const reply = await waitFor('a UDP answer through the VIP', async () => (await exec('client', `echo hostname | nc -u -w 1 ${clusterIP} 90`)) || undefined);
    expect(reply).to.equal('web-1');
  });

  it('keeps ClientIP affinity and drops endpoints that turn unready', async () => {
    await service('sticky', { sessionAffinity: 'ClientIP' });
    const first = await waitFor('sticky reachable', async () => (await exec('client', 'curl -s --max-time 2 http://sticky/hostname')) || undefined);
    for (let i = 0; i < 10; i++) expect(await exec('client', 'curl -s http://sticky/hostname')).to.equal(first);
    const slice = await discovery.readNamespacedEndpointSlice({ name: 'web-manual', namespace: 'default' });
    slice.endpoints![0]!.conditions = { ready: false };
    await discovery.replaceNamespacedEndpointSlice({ name: 'web-manual', namespace: 'default', body: slice });
    const survivor = slice.endpoints![1]!.targetRef!.name!;
    await waitFor('only the ready endpoint answers', async () => {
      for (let i = 0; i < 8; i++) if ((await exec('client', 'curl -s http://web/hostname')) !== survivor) return undefined;
      return true;
    });
  });

  it('serves services/proxy, NodePorts and pod metrics', async () => {
    await service('nodeport', { type: 'NodePort', sessionAffinity: 'ClientIP' });
    const body = await waitFor('service proxy', async () => (await core.connectGetNamespacedServiceProxyWithPath({ name: 'nodeport:http', namespace: 'default', path: 'hostname' })) || undefined);
    expect(body).to.be.oneOf(['web-1', 'web-2']);
    const svc = await core.readNamespacedService({ name: 'nodeport', namespace: 'default' });
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    expect(await waitFor('node port', async () => (await exec('client', `curl -s --max-time 2 http://${cluster.network.nodeIP(1)}:${nodePort}/hostname`)) || undefined)).to.be.oneOf(['web-1', 'web-2']);
    const metrics = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace: 'default', plural: 'pods' })) as {
      items: { metadata: { name: string }; containers: { usage: { cpu: string } }[] }[];
    };
    expect(metrics.items.map((m) => m.metadata.name).sort()).to.deep.equal(['client', 'web-1', 'web-2']);
    expect(metrics.items[0]!.containers[0]!.usage.cpu).to.match(/^\d+n$/);
  });
});
