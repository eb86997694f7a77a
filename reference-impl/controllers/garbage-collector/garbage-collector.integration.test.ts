import { expect } from 'chai';
import { isNotFound, RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';

const podTemplate = (app: string) => ({ metadata: { labels: { app } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'httpd' }] } });

/** Deletions go through @kubernetes/client-node, as a user's client would send them. */
describe('garbage collection and namespaces against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler]);
    await cluster.client.create(RESOURCES.namespaces, { metadata: { name: 'gc' } });
  });
  after(async () => {
    await cluster?.stop();
  });

  const podsOf = async (app: string, namespace = 'gc') => (await cluster.client.list(RESOURCES.pods, namespace, { labelSelector: `app=${app}` })).items;
  const gone = async (type: typeof RESOURCES.pods, namespace: string | undefined, name: string) =>
    cluster.client.get(type, namespace, name).then(() => false, (error: unknown) => isNotFound(error));

  async function replicationController(name: string, replicas: number): Promise<KubeObject[]> {
    await cluster.client.create(RESOURCES.replicationcontrollers, { metadata: { name, namespace: 'gc' }, spec: { replicas, selector: { app: name }, template: podTemplate(name) } });
    return eventually(`${name} has ${replicas} pods`, async () => {
      const pods = await podsOf(name);
      return pods.length === replicas && pods.every((pod) => pod.metadata.ownerReferences?.[0]?.name === name) ? pods : undefined;
    });
  }

  it('deletes dependents in the background once the owner is gone', async () => {
    await replicationController('background', 2);
    await cluster.core.deleteNamespacedReplicationController({ name: 'background', namespace: 'gc', propagationPolicy: 'Background' });
    await eventually('the pods are collected', async () => (await podsOf('background')).length === 0);
  });

  it('orphans dependents with propagationPolicy Orphan', async () => {
    await replicationController('orphan', 2);
    await cluster.core.deleteNamespacedReplicationController({ name: 'orphan', namespace: 'gc', propagationPolicy: 'Orphan' });
    await eventually('the owner is gone', () => gone(RESOURCES.replicationcontrollers, 'gc', 'orphan'));
    const pods = await eventually('the pods lose their owner reference', async () => {
      const current = await podsOf('orphan');
      return current.length === 2 && current.every((pod) => !pod.metadata.ownerReferences?.length) ? current : undefined;
    });
    expect(pods.every((pod) => !pod.metadata.deletionTimestamp)).to.equal(true);
  });

  it('keeps a foreground-deleted owner until its blocking dependents are gone', async () => {
    await replicationController('foreground', 2);
    await cluster.core.deleteNamespacedReplicationController({ name: 'foreground', namespace: 'gc', propagationPolicy: 'Foreground' });
    const waiting = await cluster.client.get(RESOURCES.replicationcontrollers, 'gc', 'foreground').catch(() => undefined);
    if (waiting) expect(waiting.metadata.finalizers).to.include('foregroundDeletion');
    await eventually('owner and pods are gone', async () => (await gone(RESOURCES.replicationcontrollers, 'gc', 'foreground')) && (await podsOf('foreground')).length === 0);
  });

  it('cascades a Deployment deletion to its ReplicaSets and pods', async () => {
    await cluster.client.create(RESOURCES.deployments, { metadata: { name: 'cascade', namespace: 'gc' }, spec: { replicas: 2, selector: { matchLabels: { app: 'cascade' } }, template: podTemplate('cascade') } });
    await eventually('pods exist', async () => (await podsOf('cascade')).length === 2);
    await cluster.apps.deleteNamespacedDeployment({ name: 'cascade', namespace: 'gc' });
    await eventually('ReplicaSets and pods are collected', async () => {
      const sets = (await cluster.client.list(RESOURCES.replicasets, 'gc')).items.filter((rs) => rs.metadata.name?.startsWith('cascade-'));
      return sets.length === 0 && (await podsOf('cascade')).length === 0;
    });
  });

  it('deletes a Deployment in the foreground only after its ReplicaSets and pods are gone', async () => {
    await cluster.client.create(RESOURCES.deployments, { metadata: { name: 'front', namespace: 'gc' }, spec: { replicas: 2, selector: { matchLabels: { app: 'front' } }, template: podTemplate('front') } });
    await eventually('pods exist', async () => (await podsOf('front')).length === 2);
    await cluster.apps.deleteNamespacedDeployment({ name: 'front', namespace: 'gc', propagationPolicy: 'Foreground' });
    await eventually('the Deployment is gone', () => gone(RESOURCES.deployments, 'gc', 'front'));
    const sets = (await cluster.client.list(RESOURCES.replicasets, 'gc')).items.filter((rs) => rs.metadata.name?.startsWith('front-'));
    expect({ sets: sets.length, pods: (await cluster.client.list(RESOURCES.pods, 'gc', { labelSelector: 'app=front' })).items.length }).to.deep.equal({ sets: 0, pods: 0 });
  });

  // upstream "should not delete dependents that have both valid owner and owner that's waiting for dependents to be deleted"
  it('releases a foreground-deleted owner whose last blocking dependents only drop their reference to it', async () => {
    const owner = (name: string) => cluster.client.create(RESOURCES.configmaps, { metadata: { name, namespace: 'gc' } });
    const [leaving, staying] = [await owner('leaving'), await owner('staying')];
    const refTo = (o: KubeObject, block: boolean) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: String(o.metadata.name), uid: String(o.metadata.uid), blockOwnerDeletion: block });
    const shared = Array.from({ length: 20 }, (_, i) => `shared-${i}`);
    for (const name of shared) {
      await cluster.client.create(RESOURCES.configmaps, { metadata: { name, namespace: 'gc', labels: { dual: 'yes' }, ownerReferences: [refTo(leaving!, true), refTo(staying!, false)] } });
    }
    await cluster.core.deleteNamespacedConfigMap({ name: 'leaving', namespace: 'gc', propagationPolicy: 'Foreground' });
    await eventually('the foreground-deleted owner is gone', () => gone(RESOURCES.configmaps, 'gc', 'leaving'));
    const kept = (await cluster.client.list(RESOURCES.configmaps, 'gc', { labelSelector: 'dual=yes' })).items;
    expect(kept.map((d) => [d.metadata.deletionTimestamp ?? null, d.metadata.ownerReferences?.map((ref) => ref.name)])).to.deep.equal(shared.map(() => [null, ['staying']]));
  });

  it('is not blocked by an ownership cycle under foreground deletion', async () => {
    const make = (name: string) => cluster.client.create(RESOURCES.pods, { metadata: { name, namespace: 'gc', labels: { app: 'circle' } }, spec: podTemplate('circle').spec });
    const [p1, p2, p3] = [await make('circle-1'), await make('circle-2'), await make('circle-3')];
    const owns = (owner: KubeObject) => [{ apiVersion: 'v1', kind: 'Pod', name: String(owner.metadata.name), uid: String(owner.metadata.uid), blockOwnerDeletion: true }];
    await cluster.client.patch(RESOURCES.pods, 'gc', 'circle-1', { metadata: { ownerReferences: owns(p3!) } });
    await cluster.client.patch(RESOURCES.pods, 'gc', 'circle-2', { metadata: { ownerReferences: owns(p1!) } });
    await cluster.client.patch(RESOURCES.pods, 'gc', 'circle-3', { metadata: { ownerReferences: owns(p2!) } });
    await cluster.client.delete(RESOURCES.pods, 'gc', 'circle-1', { propagationPolicy: 'Foreground' });
    await eventually('all three pods are gone', async () => (await podsOf('circle')).length === 0);
  });

  it('gives a namespace its default ServiceAccount and root CA, and empties it on deletion', async () => {
    await cluster.client.create(RESOURCES.namespaces, { metadata: { name: 'doomed' } });
    await eventually('default ServiceAccount exists', () => cluster.client.get(RESOURCES.serviceaccounts, 'doomed', 'default'));
    const ca = await eventually('kube-root-ca.crt exists', () => cluster.client.get(RESOURCES.configmaps, 'doomed', 'kube-root-ca.crt'));
    expect((ca.data as Record<string, string>)['ca.crt']).to.equal(cluster.server.caPem);
    await cluster.client.create(RESOURCES.deployments, { metadata: { name: 'app', namespace: 'doomed' }, spec: { replicas: 2, selector: { matchLabels: { app: 'app' } }, template: podTemplate('app') } });
    await cluster.client.create(RESOURCES.configmaps, { metadata: { name: 'settings', namespace: 'doomed' }, data: { a: 'b' } });
    await eventually('pods exist', async () => (await podsOf('app', 'doomed')).length === 2);
    await cluster.core.deleteNamespace({ name: 'doomed' });
    await eventually('the namespace is gone', () => gone(RESOURCES.namespaces, undefined, 'doomed'));
    expect((await cluster.client.list(RESOURCES.pods, 'doomed')).items).to.deep.equal([]);
  });
});
