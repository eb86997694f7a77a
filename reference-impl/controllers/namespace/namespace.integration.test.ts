import { expect } from 'chai';
import { isNotFound, RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import type { NamespaceCondition } from './plan.ts';

type Namespace = KubeObject & { status?: { phase?: string; conditions?: NamespaceCondition[] } };

/** Upstream's "OrderedNamespaceDeletion namespace deletion should delete pod first", in miniature. */
describe('namespace deletion against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('deletes pods first, keeps other content until they are gone, and reports its conditions', async () => {
    const ns = 'ordered';
    await cluster.client.create(RESOURCES.namespaces, { metadata: { name: ns } });
    await cluster.client.create(RESOURCES.pods, {
      metadata: { name: 'held', namespace: ns, finalizers: ['e2e.example.com/finalizer'] },
      spec: { containers: [{ name: 'c', image: 'pause' }] },
    });
    await eventually('the pod runs', async () => (await cluster.client.get<KubeObject & { status?: { phase?: string } }>(RESOURCES.pods, ns, 'held')).status?.phase === 'Running');
    await cluster.client.create(RESOURCES.configmaps, { metadata: { name: 'settings', namespace: ns }, data: { key: 'value' } });
    await cluster.core.deleteNamespace({ name: ns });

    const processed = await eventually('the namespace carries NamespaceDeletionContentFailure', async () => {
      const current = await cluster.client.get<Namespace>(RESOURCES.namespaces, undefined, ns);
      return current.status?.phase === 'Terminating' && current.status.conditions?.some((c) => c.type === 'NamespaceDeletionContentFailure') ? current : undefined;
    });
    const remaining = processed.status!.conditions!.find((c) => c.type === 'NamespaceContentRemaining');
    expect(remaining).to.include({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' });

    const pod = await cluster.client.get(RESOURCES.pods, ns, 'held');
    expect(pod.metadata.deletionTimestamp, 'the pod is being deleted').to.be.a('string');
    const configMap = await cluster.client.get(RESOURCES.configmaps, ns, 'settings');
    expect(configMap.metadata.deletionTimestamp, 'the ConfigMap is untouched while a pod remains').to.equal(undefined);

    await cluster.client.patch(RESOURCES.pods, ns, 'held', { metadata: { finalizers: null } });
    await eventually('the namespace is gone', () => cluster.client.get(RESOURCES.namespaces, undefined, ns).then(() => false, (error: unknown) => isNotFound(error)));
  });
});
