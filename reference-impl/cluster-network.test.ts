import { X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startCluster } from './cluster.ts';
import type { RunningCluster } from './cluster-types.ts';
import { NetworkSlotError, SLOT_FILE } from './network-slot.ts';
import { eventually as waitUntil } from './testing/eventually.ts';

/**
 * Several reference clusters on one machine: each owns a network slot (a /16 of 127.0.0.0/8), so
 * two started at once both get working nodes, pods, Services and DNS, and a data dir keeps its
 * slot across restarts.
 */

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 2_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => waitUntil(what, probe, { timeoutMs, intervalMs: 100 });

function api(cluster: RunningCluster): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
}

const ready = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

describe('two reference clusters at once', function () {
  this.timeout(90_000);
  const clusters: RunningCluster[] = [];
  const dirs: string[] = [];

  before(async () => {
    dirs.push(await mkdtemp(join(tmpdir(), 'kcert-net-a-')), await mkdtemp(join(tmpdir(), 'kcert-net-b-')));
    const started = await Promise.allSettled(dirs.map((dataDir) => startCluster({ port: 0, dataDir, store: 'memory', nodes: 2, faults: [] })));
    for (const result of started) if (result.status === 'fulfilled') clusters.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });
  after(async () => {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('gives each its own slot, node IPs and pod CIDRs', async () => {
    const [a, b] = clusters as [RunningCluster, RunningCluster];
    expect(a.network.slot).to.not.equal(b.network.slot);
    for (const cluster of clusters) {
      const nodes = await eventually('two Ready nodes', async () => {
        const list = await api(cluster).listNode();
        const readyNodes = list.items.filter((node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        return readyNodes.length === 2 ? list.items : undefined;
      });
      const internal = nodes.map((node) => node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address).sort();
      expect(internal).to.deep.equal([cluster.network.nodeIP(0), cluster.network.nodeIP(1)]);
      expect(nodes.map((node) => node.spec?.podCIDR).sort()).to.deep.equal([cluster.network.podCIDR(0), cluster.network.podCIDR(1)]);
      const kubernetes = await api(cluster).readNamespacedService({ name: 'kubernetes', namespace: 'default' });
      expect(kubernetes.spec?.clusterIP).to.equal(cluster.network.kubernetesServiceIP);
      const dns = await eventually('the kube-dns Service', () => api(cluster).readNamespacedService({ name: 'kube-dns', namespace: 'kube-system' }));
      expect(dns.spec?.clusterIP).to.equal(cluster.network.dnsServiceIP);
    }
  });

  it('runs a netexec pod in each, answering on its own IP, behind its own Service VIP and DNS', async () => {
    const names = ['web-a', 'web-b'];
    await Promise.all(
      clusters.map(async (cluster, i) => {
        const core = api(cluster);
        await core.createNamespacedPod({
          namespace: 'default',
          body: {
            metadata: { name: names[i], labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', args: ['netexec', '--http-port=8080', '--udp-port=-1'] }] },
          },
        });
        await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } });
      }),
    );
    const seen: Array<{ podIP: string; clusterIP: string }> = [];
    for (const [i, cluster] of clusters.entries()) {
      const core = api(cluster);
      const pod = await eventually(`${names[i]} Ready`, async () => {
        const current = await core.readNamespacedPod({ name: names[i]!, namespace: 'default' });
        return ready(current) ? current : undefined;
      });
      const podIP = pod.status!.podIP!;
      expect(podIP.startsWith(`127.${cluster.network.slot}.`), podIP).to.equal(true);
      expect(await httpGet(`http://${podIP}:8080/hostname`)).to.equal(names[i]);
      const clusterIP = (await core.readNamespacedService({ name: 'web', namespace: 'default' })).spec!.clusterIP!;
      expect(clusterIP.startsWith(`127.${cluster.network.slot}.`), clusterIP).to.equal(true);
      expect(await eventually('the Service VIP to answer', () => httpGet(`http://${clusterIP}/hostname`).then((body) => body || undefined))).to.equal(names[i]);
      // Each cluster's DNS answers on its own address, with its own Service.
      const resolver = new Resolver({ timeout: 1_000, tries: 1 });
      resolver.setServers([cluster.network.dnsServiceIP]);
      expect(await eventually('a DNS answer', () => resolver.resolve4('web.default.svc.cluster.local'))).to.deep.equal([clusterIP]);
      seen.push({ podIP, clusterIP });
    }
    expect(seen[0]!.podIP).to.not.equal(seen[1]!.podIP);
    expect(seen[0]!.clusterIP).to.not.equal(seen[1]!.clusterIP);
  });
});

describe('a restarted data dir', function () {
  this.timeout(60_000);
  let dataDir: string;
  let running: RunningCluster | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kcert-net-restart-'));
  });
  after(async () => {
    await running?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = () => startCluster({ port: 0, dataDir, store: 'sqlite', nodes: 1, faults: [] }, { components: [] });

  it('keeps its slot, its Services keep their addresses, and a second server on it is refused', async () => {
    running = await start();
    const first = running.network;
    expect((await readFile(join(dataDir, SLOT_FILE), 'utf8')).trim()).to.equal(String(first.slot));
    const serving = new X509Certificate(await readFile(join(dataDir, 'apiserver.crt')));
    expect(serving.checkIP(first.kubernetesServiceIP)).to.equal(first.kubernetesServiceIP);
    const created = await api(running).createNamespacedService({ namespace: 'default', body: { metadata: { name: 'keep' }, spec: { ports: [{ port: 80 }] } } });

    try {
      const second = await start();
      await second.stop();
      expect.fail('a second server on the same data dir started');
    } catch (error) {
      expect(error).to.be.instanceOf(NetworkSlotError);
      expect((error as NetworkSlotError).code).to.equal('NETWORK_SLOT_BUSY');
    }

    await running.stop();
    running = undefined;
    running = await start();
    expect(running.network.slot).to.equal(first.slot);
    const kept = await api(running).readNamespacedService({ name: 'keep', namespace: 'default' });
    expect(kept.spec?.clusterIP).to.equal(created.spec?.clusterIP);
    expect((await api(running).readNamespacedService({ name: 'kubernetes', namespace: 'default' })).spec?.clusterIP).to.equal(first.kubernetesServiceIP);
  });
});
