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
    cluster = await startControllerCluster([withFaults(controllerManager, ['replicaset-no-adoption', 'deployment-ignores-max-surge']), scheduler], { neverReady: ['stuck'] });
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
});
