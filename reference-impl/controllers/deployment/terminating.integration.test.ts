import { expect } from 'chai';
import { RESOURCES } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import type { Pod } from '../shared/pods.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import type { ReplicaController } from '../replicaset/kinds.ts';
import type { Deployment, ReplicaSet } from './types.ts';

const NS = 'default';
/** Pods of these images stay terminating (a slow graceful shutdown) until the test removes them. */
const SLOW_TO_STOP = ['slow-v1', 'slow-v2'];

/**
 * While old pods shut down gracefully they are no longer replicas: upstream counts only active pods
 * in status.replicas/ready/available and reports the others in status.terminatingReplicas, and the
 * rolling update's surge is counted on spec.replicas, so it neither waits for nor counts them.
 */
describe('pods that linger while terminating', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler], { lingering: SLOW_TO_STOP });
  });
  after(async () => {
    await cluster?.stop();
  });

  const podsOf = async (name: string) => (await cluster.client.list<Pod>(RESOURCES.pods, NS, { labelSelector: `name=${name}` })).items;
  const removeTerminating = async (name: string) => {
    for (const pod of await podsOf(name)) {
      if (pod.metadata.deletionTimestamp) await cluster.client.delete(RESOURCES.pods, NS, String(pod.metadata.name), { gracePeriodSeconds: 0 }).catch(() => undefined);
    }
  };

  it('a rolling update stays within replicas + maxSurge and completes while old pods still terminate', async () => {
    const name = 'graceful';
    const d: Deployment = {
      metadata: { name, namespace: NS },
      spec: {
        replicas: 4,
        selector: { matchLabels: { name } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'slow-v1' }] } },
      },
    };
    await cluster.client.create(RESOURCES.deployments, d);
    await eventually('4 available', async () => (await cluster.client.get<Deployment>(RESOURCES.deployments, NS, name)).status?.availableReplicas === 4);

    const overSurge: string[] = [];
    const sets = new Map<string, number>();
    const resourceVersion = (await cluster.client.list(RESOURCES.replicasets, NS)).metadata?.resourceVersion;
    const watch = cluster.client.watch<ReplicaSet>(RESOURCES.replicasets, NS, { labelSelector: `name=${name}`, resourceVersion }, (event) => {
      sets.set(String(event.object.metadata.name), event.type === 'DELETED' ? 0 : (event.object.spec.replicas ?? 0));
      const total = [...sets.values()].reduce((sum, size) => sum + size, 0);
      if (total > 5) overSurge.push(`${event.type} ${event.object.metadata.name}: ${JSON.stringify([...sets])}`);
    });
    try {
      await cluster.client.patch(RESOURCES.deployments, NS, name, { spec: { template: { spec: { containers: [{ name: 'c', image: 'slow-v2' }] } } } }, 'strategic');
      const done = await eventually('the rollout completes with the old pods still terminating', async () => {
        const current = await cluster.client.get<Deployment>(RESOURCES.deployments, NS, name);
        const status = current.status ?? {};
        const complete = (status.observedGeneration ?? 0) >= (current.metadata.generation ?? 0) && status.updatedReplicas === 4 && status.replicas === 4 && status.availableReplicas === 4;
        return complete && status.terminatingReplicas === 4 ? status : undefined;
      });
      expect(done).to.include({ replicas: 4, readyReplicas: 4, availableReplicas: 4, terminatingReplicas: 4 });
    } finally {
      watch.stop();
    }
    expect(overSurge).to.deep.equal([]);

    const old = (await cluster.client.list<ReplicaSet>(RESOURCES.replicasets, NS, { labelSelector: `name=${name}` })).items.find((rs) => rs.spec.replicas === 0)!;
    expect(old.status).to.include({ replicas: 0, readyReplicas: 0, availableReplicas: 0, fullyLabeledReplicas: 0, terminatingReplicas: 4 });

    await removeTerminating(name);
    await eventually('no pod is terminating any more', async () => (await cluster.client.get<Deployment>(RESOURCES.deployments, NS, name)).status?.terminatingReplicas === 0);
  });

  it('a ReplicationController reports no terminatingReplicas (its API has no such field)', async () => {
    const name = 'rc-graceful';
    await cluster.client.create(RESOURCES.replicationcontrollers, {
      metadata: { name, namespace: NS },
      spec: { replicas: 2, selector: { name }, template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'slow-v1' }] } } },
    });
    await eventually('2 ready', async () => (await cluster.client.get<ReplicaController>(RESOURCES.replicationcontrollers, NS, name)).status?.readyReplicas === 2);
    await cluster.client.patch(RESOURCES.replicationcontrollers, NS, name, { spec: { replicas: 1 } }, 'merge');
    const status = await eventually('1 replica while the other terminates', async () => {
      const rc = await cluster.client.get<ReplicaController>(RESOURCES.replicationcontrollers, NS, name);
      const terminating = (await podsOf(name)).filter((pod) => pod.metadata.deletionTimestamp).length;
      return rc.status?.replicas === 1 && terminating === 1 ? rc.status : undefined;
    });
    expect(status).to.not.have.property('terminatingReplicas');
    await removeTerminating(name);
  });
});
