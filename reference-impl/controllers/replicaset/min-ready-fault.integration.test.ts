import { RESOURCES } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import { withFaults } from '../testing/with-faults.ts';
import type { ReplicaController } from './kinds.ts';

/** Far longer than the test may take: a pod counted available before it is a fault at work. */
const MIN_READY_SECONDS = 600;

/** The healthy behaviour is in min-ready.integration.test.ts; this proves the fault breaks exactly it. */
describe('the min-ready-seconds-ignored fault', function () {
  this.timeout(30_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([withFaults(controllerManager, ['min-ready-seconds-ignored']), scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('counts a Ready pod available at once, minReadySeconds notwithstanding', async () => {
    const name = 'trusted-at-once';
    await cluster.client.create(RESOURCES.replicasets, {
      metadata: { name, namespace: 'default' },
      spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: { name } }, template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'agnhost' }] } } },
    });
    await eventually('the ReplicaSet counts its pod available', async () => {
      const rs = await cluster.client.get<ReplicaController>(RESOURCES.replicasets, 'default', name);
      return (rs.status?.availableReplicas ?? 0) === 1 || undefined;
    }, 15_000);
  });
});
