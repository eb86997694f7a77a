import { expect } from 'chai';
import { RESOURCES } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import type { Deployment } from '../deployment/types.ts';
import { controllerManager } from '../index.ts';
import type { Pod } from '../shared/pods.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import type { ReplicaController } from './kinds.ts';

const NS = 'default';
const MIN_READY_SECONDS = 2;
/** How late availability may show up after it is due: scheduling of the recheck under a loaded CI machine. */
const PROMPTNESS_MS = 2500;

/**
 * A pod is available once it has been Ready for more than minReadySeconds (Ready's
 * lastTransitionTime). Nothing about the pod changes at that moment, so the ReplicaSet controller
 * must come back by itself: availability appears on time, never before.
 */
describe('minReadySeconds against a running cluster', function () {
  this.timeout(30_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  const readySince = async (name: string) => {
    const [pod] = (await cluster.client.list<Pod>(RESOURCES.pods, NS, { labelSelector: `name=${name}` })).items;
    const ready = pod?.status?.conditions?.find((c) => c.type === 'Ready');
    return ready?.status === 'True' ? Date.parse(String(ready.lastTransitionTime)) : undefined;
  };

  it('a ReplicaSet counts its pod available minReadySeconds after Ready, by itself and not earlier', async () => {
    const name = 'trusted-later';
    await cluster.client.create(RESOURCES.replicasets, {
      metadata: { name, namespace: NS },
      spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: { name } }, template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'agnhost' }] } } },
    });
    const readyAt = await eventually('the pod is Ready', () => readySince(name));
    const earlyCounts: number[] = [];
    const availableSeenAt = await eventually('the ReplicaSet counts it available', async () => {
      const rs = await cluster.client.get<ReplicaController>(RESOURCES.replicasets, NS, name);
      const seenAt = Date.now();
      if ((rs.status?.availableReplicas ?? 0) > 0) return seenAt;
      earlyCounts.push(rs.status?.availableReplicas ?? 0);
      return undefined;
    }, 10_000);
    expect(availableSeenAt - readyAt, 'ms from Ready to available').to.be.greaterThan(MIN_READY_SECONDS * 1000);
    expect(availableSeenAt - readyAt, 'ms from Ready to available').to.be.lessThan(MIN_READY_SECONDS * 1000 + PROMPTNESS_MS);
    expect(earlyCounts.length, 'polls that saw it not yet available').to.be.greaterThan(0);
  });

  it('a Deployment turns Available no earlier than minReadySeconds after its pod became Ready', async () => {
    const name = 'deploy-trusted-later';
    const d: Deployment = {
      metadata: { name, namespace: NS },
      spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: { name } }, template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'agnhost' }] } } },
    };
    await cluster.client.create(RESOURCES.deployments, d);
    const available = await eventually('the Deployment is Available', async () => {
      const current = await cluster.client.get<Deployment>(RESOURCES.deployments, NS, name);
      const condition = current.status?.conditions?.find((c) => c.type === 'Available');
      return current.status?.availableReplicas === 1 && condition?.status === 'True' ? { condition, seenAt: Date.now() } : undefined;
    }, 10_000);
    const readyAt = (await readySince(name))!;
    // Both timestamps have one-second resolution and the pod's is rounded down: at least minReadySeconds apart.
    expect(Date.parse(String(available.condition.lastTransitionTime)) - readyAt).to.be.at.least(MIN_READY_SECONDS * 1000);
    expect(available.seenAt - readyAt).to.be.lessThan(MIN_READY_SECONDS * 1000 + PROMPTNESS_MS);
  });
});
