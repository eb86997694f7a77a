import { expect } from 'chai';
import { RESOURCES, type KubeObject } from '../client/index.ts';
import { scheduler } from '../scheduler/index.ts';
import type { ReplicaSet } from './deployment/types.ts';
import { controllerManager } from './index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from './testing/controller-cluster.ts';
import { withFaults } from './testing/with-faults.ts';

const NS = 'default';
const template = (labels: Record<string, string>, image = 'httpd') => ({ metadata: { labels }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image }] } });

describe('controller faults break what they name', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([withFaults(controllerManager, ['replicaset-no-adoption', 'deployment-ignores-max-surge', 'recreate-does-not-wait']), scheduler], { neverReady: ['stuck'] });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('replicaset-no-adoption: the ReplicaSet creates its own pod and leaves the orphan alone', async () => {
    await cluster.client.create(RESOURCES.pods, { metadata: { name: 'orphan', namespace: NS, labels: { name: 'adopt-me' } }, spec: template({}).spec });
    await cluster.client.create(RESOURCES.replicasets, { metadata: { name: 'adopt-me', namespace: NS }, spec: { replicas: 1, selector: { matchLabels: { name: 'adopt-me' } }, template: template({ name: 'adopt-me' }) } });
    await eventually('the ReplicaSet made a pod of its own', async () => {
      const pods = (await cluster.client.list(RESOURCES.pods, NS, { labelSelector: 'name=adopt-me' })).items;
      return pods.some((pod) => pod.metadata.name !== 'orphan' && pod.metadata.ownerReferences?.length);
    });
    const orphan = await cluster.client.get(RESOURCES.pods, NS, 'orphan');
    expect(orphan.metadata.ownerReferences ?? []).to.deep.equal([]);
  });

  it('deployment-ignores-max-surge: the new ReplicaSet jumps to full size', async () => {
    await cluster.client.create(RESOURCES.deployments, {
      metadata: { name: 'surge', namespace: NS },
      spec: { replicas: 3, selector: { matchLabels: { name: 'surge' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, template: template({ name: 'surge' }) },
    } as KubeObject);
    await eventually('3 available', async () => ((await cluster.client.get(RESOURCES.deployments, NS, 'surge')).status as { availableReplicas?: number })?.availableReplicas === 3);
    await cluster.client.patch(RESOURCES.deployments, NS, 'surge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'stuck' }] } } } }, 'strategic');
    const sizes = await eventually('a new ReplicaSet exists', async () => {
      const sets = (await cluster.client.list<ReplicaSet>(RESOURCES.replicasets, NS, { labelSelector: 'name=surge' })).items;
      return sets.length === 2 ? sets.map((rs) => rs.spec.replicas ?? 0) : undefined;
    });
    // Healthy: new ≤ 0 surge, so old + new ≤ 3. With the fault the new set asks for all 3 at once.
    expect(Math.max(...sizes)).to.equal(3);
    expect(sizes.reduce((a, b) => a + b, 0)).to.be.greaterThan(3);
  });

  it('recreate-does-not-wait: old and new pods run together', async () => {
    await cluster.client.create(RESOURCES.deployments, {
      metadata: { name: 'recreate', namespace: NS },
      spec: { replicas: 2, selector: { matchLabels: { name: 'recreate' } }, strategy: { type: 'Recreate' }, template: template({ name: 'recreate' }) },
    } as KubeObject);
    await eventually('2 available', async () => ((await cluster.client.get(RESOURCES.deployments, NS, 'recreate')).status as { availableReplicas?: number })?.availableReplicas === 2);
    const overlaps: { replicas?: number; updatedReplicas?: number }[] = [];
    // Watch from the current resourceVersion, so no change after this point can be missed.
    const { resourceVersion } = (await cluster.client.get(RESOURCES.deployments, NS, 'recreate')).metadata;
    const watch = cluster.client.watch(RESOURCES.deployments, NS, { fieldSelector: 'metadata.name=recreate', resourceVersion }, (event) => {
      const status = (event.object.status ?? {}) as { replicas?: number; updatedReplicas?: number };
      if ((status.updatedReplicas ?? 0) > 0 && status.replicas !== status.updatedReplicas) overlaps.push(status);
    });
    try {
      await cluster.client.patch(RESOURCES.deployments, NS, 'recreate', { spec: { template: { spec: { containers: [{ name: 'c', image: 'agnhost' }] } } } }, 'strategic');
      await eventually('the rollout ends', async () => {
        const d = await cluster.client.get(RESOURCES.deployments, NS, 'recreate');
        const status = d.status as { replicas?: number; updatedReplicas?: number; availableReplicas?: number; observedGeneration?: number };
        const observed = (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
        return observed && status.updatedReplicas === 2 && status.replicas === 2 && status.availableReplicas === 2;
      });
    } finally {
      watch.stop();
    }
    const overlap = overlaps[0]!;
    expect(overlaps.length).to.be.greaterThan(0);
    expect(overlap.replicas).to.be.greaterThan(overlap.updatedReplicas ?? 0);
  });
});
