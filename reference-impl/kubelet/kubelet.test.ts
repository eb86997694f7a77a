import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CoordinationV1Api, CoreV1Api, Exec, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startCluster } from '../cluster.ts';
import type { RunningCluster } from '../cluster-types.ts';
import { kubeletComponent } from './component.ts';
import { NodeRegistry } from './node-registry.ts';
import { eventually } from '../testing/eventually.ts';

/** The kubelet end to end: a real API server, two kubelets, client-node as the user. */
describe('kubelet against the reference API server', function () {
  this.timeout(60_000);
  let cluster: RunningCluster;
  let core: CoreV1Api;
  let kc: KubeConfig;
  const dataDir = mkdtempSync(join(tmpdir(), 'kcert-kubelet-'));
  const registry = new NodeRegistry();

  before(async () => {
    cluster = await startCluster(
      { port: 0, dataDir, store: 'memory', nodes: 2, faults: [] },
      { components: [kubeletComponent({ registry, dnsPort: 53 })] },
    );
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs = 30_000, observe?: () => unknown): Promise<void> => {
    await eventually(what, probe, { timeoutMs, intervalMs: 100, observe });
  };

  async function podWhen(name: string, what: string, predicate: (pod: V1Pod) => boolean, timeoutMs?: number): Promise<V1Pod> {
    let last: V1Pod | undefined;
    await waitFor(`${name}: ${what}`, async () => predicate((last = await core.readNamespacedPod({ name, namespace: 'default' }))), timeoutMs, () => last?.status);
    return last!;
  }

  const ready = (pod: V1Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

  it('registers Ready nodes with their InternalIP and a lease', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).to.deep.equal(['kcert-node-1', 'kcert-node-2']);
    const first = nodes.items.find((n) => n.metadata?.name === 'kcert-node-1')!;
    expect(first.status?.addresses).to.deep.include({ type: 'InternalIP', address: cluster.network.nodeIP(0) });
    expect(first.spec?.podCIDR).to.equal(cluster.network.podCIDR(0));
    expect(first.status?.conditions?.find((c) => c.type === 'Ready')?.status).to.equal('True');
    const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'kcert-node-1', namespace: 'kube-node-lease' });
    expect(lease.spec?.holderIdentity).to.equal('kcert-node-1');
    expect(lease.spec?.leaseDurationSeconds).to.equal(40);
  });

  it('runs agnhost netexec on its own pod IP and answers through the pod proxy', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          nodeName: 'kcert-node-1',
          containers: [
            {
              name: 'netexec',
              image: 'registry.k8s.io/e2e-test-images/agnhost:2.52',
              args: ['netexec', '--http-port=8080', '--udp-port=8081'],
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
      },
    });
    const pod = await podWhen('web', 'Running and Ready', (p) => p.status?.phase === 'Running' && ready(p));
    const [, , third] = String(pod.status?.podIP).split('.').map(Number);
    expect(pod.status?.podIP).to.match(new RegExp(`^127\\.${cluster.network.slot}\\.\\d+\\.\\d+$`));
    expect(third).to.be.within(32, 63); // node 1's pod CIDR, a /19
    expect(pod.status?.hostIP).to.equal(cluster.network.nodeIP(0));
    expect(pod.status?.containerStatuses?.[0]?.state?.running).to.not.equal(undefined);
    const hostname = await core.connectGetNamespacedPodProxyWithPath({ name: 'web:8080', namespace: 'default', path: 'hostname' });
    expect(hostname).to.equal('web');

    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const status = await new Promise<unknown>((resolve, reject) => {
      void new Exec(kc).exec('default', 'web', 'netexec', ['/bin/sh', '-c', 'echo hi from $(hostname)'], stdout, null, null, false, resolve).catch(reject);
    });
    expect(status).to.deep.include({ status: 'Success' });
    await waitFor('exec output', async () => output === 'hi from web\n', 5000);

    const log = await core.readNamespacedPodLog({ name: 'web', namespace: 'default' });
    expect(log).to.contain('Started HTTP server on port 8080');
  });

  it('fills configMap and downwardAPI volumes and envFrom', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings' }, data: { greeting: 'hello volume' } } });
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'mounts', labels: { tier: 'test' } },
        spec: {
          nodeName: 'kcert-node-2',
          volumes: [
            { name: 'config', configMap: { name: 'settings' } },
            { name: 'podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
          containers: [
            {
              name: 'c',
              image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1',
              command: ['sh', '-c', 'cat /etc/config/greeting /etc/podinfo/labels; echo; echo $CFG_greeting; sleep 600'],
              envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
              volumeMounts: [
                { name: 'config', mountPath: '/etc/config' },
                { name: 'podinfo', mountPath: '/etc/podinfo' },
              ],
            },
          ],
        },
      },
    });
    await waitFor('the volume contents in the log', async () => (await core.readNamespacedPodLog({ name: 'mounts', namespace: 'default' })) === 'hello volumetier="test"\nhello volume\n');
    await core.deleteNamespacedPod({ name: 'mounts', namespace: 'default', gracePeriodSeconds: 0 });
  });

  it('gives containers service variables and fails a pod past activeDeadlineSeconds', async () => {
    const created = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'fooservice' }, spec: { ports: [{ port: 8765, targetPort: 8080 }] } } });
    const clusterIP = String(created.spec?.clusterIP);
    expect(clusterIP.startsWith(`127.${cluster.network.slot}.`), clusterIP).to.equal(true);
    await waitFor('the kubelet to see the service', async () => registry.node('kcert-node-1')?.knowsService('default', 'fooservice') === true);
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'deadline' },
        spec: {
          nodeName: 'kcert-node-1',
          activeDeadlineSeconds: 2,
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'c', image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1', command: ['sh', '-c', 'env | grep FOOSERVICE | sort; sleep 600'] }],
        },
      },
    });
    const failed = await podWhen('deadline', 'Failed with DeadlineExceeded', (p) => p.status?.phase === 'Failed');
    expect(failed.status?.reason).to.equal('DeadlineExceeded');
    const log = await core.readNamespacedPodLog({ name: 'deadline', namespace: 'default' });
    expect(log).to.contain(`FOOSERVICE_SERVICE_HOST=${clusterIP}\n`);
    expect(log).to.contain(`FOOSERVICE_PORT_8765_TCP_ADDR=${clusterIP}\n`);
    await core.deleteNamespacedPod({ name: 'deadline', namespace: 'default' });
  });

  it('restarts a container whose liveness probe fails, with the upstream event', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'liveness-exec' },
        spec: {
          nodeName: 'kcert-node-2',
          containers: [
            {
              name: 'busybox',
              image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1',
              command: ['/bin/sh', '-c', 'echo run started; echo ok >/tmp/health; sleep 1; rm -rf /tmp/health; sleep 600'],
              livenessProbe: { exec: { command: ['cat', '/tmp/health'] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 },
            },
          ],
          terminationGracePeriodSeconds: 1,
        },
      },
    });
    const pod = await podWhen('liveness-exec', 'restarted once', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).to.equal(137);
    const events = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=liveness-exec' });
    expect(events.items.map((e) => e.message)).to.include('Container busybox failed liveness probe, will be restarted');
    const previous = await core.readNamespacedPodLog({ name: 'liveness-exec', namespace: 'default', previous: true, timestamps: true });
    expect(previous).to.match(/^\d{4}-\d\d-\d\dT[\d:.]+Z run started\n$/);
  });

  it('fails unknown images with ErrImagePull and confirms graceful deletion', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'missing' }, spec: { nodeName: 'kcert-node-1', containers: [{ name: 'c', image: 'webserver:404' }] } },
    });
    const pod = await podWhen('missing', 'ErrImagePull', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImagePull');
    expect(pod.status?.phase).to.equal('Pending');
    await core.deleteNamespacedPod({ name: 'web', namespace: 'default' });
    await core.deleteNamespacedPod({ name: 'missing', namespace: 'default', gracePeriodSeconds: 5 });
    await waitFor('pods gone', async () => (await core.listNamespacedPod({ namespace: 'default' })).items.every((p) => p.metadata?.name === 'liveness-exec'));
  });
});
