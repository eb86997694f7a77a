import { expect } from 'chai';
import { RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';

const NS = 'default';
const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'httpd' }] } });

describe('ReplicaSet and ReplicationController controllers against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  const podsWith = async (selector: string) => (await cluster.client.list(RESOURCES.pods, NS, { labelSelector: selector })).items.filter((p) => !p.metadata.deletionTimestamp);
  const controllerOf = (pod: KubeObject) => pod.metadata.ownerReferences?.find((ref) => ref.controller)?.name;

  it('adopts a matching orphan, releases a pod that stops matching, and reports every status field', async () => {
    await cluster.client.create(RESOURCES.pods, { metadata: { name: 'pod-adoption-release', namespace: NS, labels: { name: 'pod-adoption-release' } }, spec: template({}).spec });
    await cluster.client.create(RESOURCES.replicasets, { metadata: { name: 'pod-adoption-release', namespace: NS }, spec: { replicas: 1, selector: { matchLabels: { name: 'pod-adoption-release' } }, template: template({ name: 'pod-adoption-release' }) } });
    await eventually('the orphan is adopted', async () => controllerOf(await cluster.client.get(RESOURCES.pods, NS, 'pod-adoption-release')) === 'pod-adoption-release');
    const status = await eventually('status settles', async () => {
      const rs = await cluster.client.get(RESOURCES.replicasets, NS, 'pod-adoption-release');
      const s = rs.status as Record<string, number>;
      return s?.availableReplicas === 1 && s.observedGeneration === rs.metadata.generation ? s : undefined;
    });
    expect(status).to.deep.include({ replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    expect((await podsWith('name=pod-adoption-release')).length).to.equal(1);
    await cluster.client.patch(RESOURCES.pods, NS, 'pod-adoption-release', { metadata: { labels: { name: 'not-matching-name' } } });
    await eventually('the pod is released', async () => !controllerOf(await cluster.client.get(RESOURCES.pods, NS, 'pod-adoption-release')));
    await eventually('a replacement is created', async () => (await podsWith('name=pod-adoption-release')).length === 1);
  });

  it('replaces deleted pods and deletes surplus ones, with events', async () => {
    await cluster.client.create(RESOURCES.replicationcontrollers, { metadata: { name: 'heal', namespace: NS }, spec: { replicas: 3, selector: { app: 'heal' }, template: template({ app: 'heal' }) } });
    const pods = await eventually('3 pods', async () => ((await podsWith('app=heal')).length === 3 ? podsWith('app=heal') : undefined));
    await cluster.client.delete(RESOURCES.pods, NS, String(pods[0]!.metadata.name), { gracePeriodSeconds: 0 });
    await eventually('a replacement brings it back to 3', async () => {
      const now = await podsWith('app=heal');
      return now.length === 3 && !now.some((p) => p.metadata.uid === pods[0]!.metadata.uid);
    });
    await cluster.client.patch(RESOURCES.replicationcontrollers, NS, 'heal', { spec: { replicas: 1 } }, 'merge', 'scale');
    await eventually('scaled down to 1', async () => (await podsWith('app=heal')).length === 1);
    const reasons = await eventually('create and delete events', async () => {
      const events = (await cluster.client.list(RESOURCES.events, NS, { fieldSelector: 'involvedObject.name=heal' })).items.map((e) => e.reason);
      return events.includes('SuccessfulCreate') && events.includes('SuccessfulDelete') ? events : undefined;
    });
    expect(reasons).to.include('SuccessfulDelete');
  });

  it('surfaces ReplicaFailure when quota forbids pods, and clears it after scaling down', async () => {
    await cluster.client.create(RESOURCES.resourcequotas, { metadata: { name: 'condition-test', namespace: 'quota' }, spec: { hard: { pods: '2' } } }).catch(async () => {
      await cluster.client.create(RESOURCES.namespaces, { metadata: { name: 'quota' } });
      await cluster.client.create(RESOURCES.resourcequotas, { metadata: { name: 'condition-test', namespace: 'quota' }, spec: { hard: { pods: '2' } } });
    });
    await cluster.client.create(RESOURCES.replicationcontrollers, { metadata: { name: 'condition-test', namespace: 'quota' }, spec: { replicas: 3, selector: { name: 'condition-test' }, template: template({ name: 'condition-test' }) } });
    const failure = await eventually('ReplicaFailure is True', async () => {
      const rc = await cluster.client.get(RESOURCES.replicationcontrollers, 'quota', 'condition-test');
      return ((rc.status as { conditions?: { type: string; status: string; reason: string; message: string }[] }).conditions ?? []).find((c) => c.type === 'ReplicaFailure');
    });
    expect(failure).to.include({ status: 'True', reason: 'FailedCreate' });
    expect(failure.message).to.match(/exceeded quota: condition-test/);
    const used = await eventually('quota status counts the pods', async () => {
      const quota = await cluster.client.get(RESOURCES.resourcequotas, 'quota', 'condition-test');
      const status = quota.status as { used?: Record<string, string>; hard?: Record<string, string> };
      return status?.used?.pods === '2' ? status : undefined;
    });
    expect(used.hard).to.deep.equal({ pods: '2' });
    await cluster.client.patch(RESOURCES.replicationcontrollers, 'quota', 'condition-test', { spec: { replicas: 2 } }, 'merge', 'scale');
    await eventually('ReplicaFailure is removed', async () => {
      const rc = await cluster.client.get(RESOURCES.replicationcontrollers, 'quota', 'condition-test');
      return !((rc.status as { conditions?: { type: string }[] }).conditions ?? []).some((c) => c.type === 'ReplicaFailure');
    });
  });
});
