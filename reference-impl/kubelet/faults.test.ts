import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startCluster } from '../cluster.ts';
import type { RunningCluster } from '../cluster-types.ts';
import { kubeletComponent } from './component.ts';

/** Each kubelet fault breaks exactly what it names (the healthy behaviour is in kubelet.test.ts). */
describe('kubelet faults', function () {
  this.timeout(60_000);
  let cluster: RunningCluster;
  let core: CoreV1Api;
  const dataDir = mkdtempSync(join(tmpdir(), 'kcert-kubelet-faults-'));

  before(async () => {
    cluster = await startCluster(
      { port: 0, dataDir, store: 'memory', nodes: 1, faults: ['containers-never-restart', 'pod-proxy-misroutes'] },
      { components: [kubeletComponent({ dnsPort: 53 })] },
    );
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function podWhen(name: string, what: string, predicate: (pod: V1Pod) => boolean): Promise<V1Pod> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pod = await core.readNamespacedPod({ name, namespace: 'default' });
      if (predicate(pod)) return pod;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}: ${what}; last status ${JSON.stringify(pod.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const pod = (name: string, container: Record<string, unknown>) => ({ metadata: { name }, spec: { nodeName: 'kcert-node-1', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', ...container }] } });

  it('containers-never-restart: an exited container stays terminated under restartPolicy Always', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('quitter', { image: 'busybox', command: ['sh', '-c', 'exit 3'] }) });
    const exited = await podWhen('quitter', 'its container terminated', (p) => p.status?.containerStatuses?.[0]?.state?.terminated !== undefined);
    expect(exited.spec?.restartPolicy).to.equal('Always');
    expect(exited.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(3);
    // Healthy, the first restart is immediate (no back-off), so a window of 1.5 s would show it: only absence is checked here.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await core.readNamespacedPod({ name: 'quitter', namespace: 'default' });
    expect(later.status?.containerStatuses?.[0]?.restartCount).to.equal(0);
    expect(later.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(3);
  });

  it('pod-proxy-misroutes: pods/proxy answers from a sibling pod', async () => {
    for (const name of ['alpha', 'beta']) {
      await core.createNamespacedPod({ namespace: 'default', body: pod(name, { image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', args: ['serve-hostname'], ports: [{ containerPort: 9376 }] }) });
    }
    for (const name of ['alpha', 'beta']) await podWhen(name, 'Running', (p) => p.status?.phase === 'Running');
    expect(await core.connectGetNamespacedPodProxy({ name: 'alpha', namespace: 'default' })).to.equal('beta');
    expect(await core.connectGetNamespacedPodProxy({ name: 'beta', namespace: 'default' })).to.equal('alpha');
  });
});
