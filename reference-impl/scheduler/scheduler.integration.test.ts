import { expect } from 'chai';
import { RESOURCES } from '../client/index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../controllers/testing/controller-cluster.ts';
import { scheduler } from './index.ts';

describe('scheduler against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  const create = (name: string, spec: Record<string, unknown>) =>
    cluster.client.create(RESOURCES.pods, { metadata: { name, namespace: 'default' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'pause' }], ...spec } });

  it('binds pods through pods/binding, honouring nodeSelector', async () => {
    await create('anywhere', {});
    await create('pinned', { nodeSelector: { 'kubernetes.io/hostname': 'node-1' } });
    const bound = await eventually('both pods are bound', async () => {
      const pods = (await cluster.client.list(RESOURCES.pods, 'default')).items.filter((p) => ['anywhere', 'pinned'].includes(String(p.metadata.name)));
      return pods.every((p) => (p.spec as { nodeName?: string }).nodeName) && pods.length === 2 ? pods : undefined;
    });
    expect((bound.find((p) => p.metadata.name === 'pinned')!.spec as { nodeName: string }).nodeName).to.equal('node-1');
    const events = await eventually('a Scheduled event', async () => {
      const list = await cluster.client.list(RESOURCES.events, 'default', { fieldSelector: 'involvedObject.name=pinned,reason=Scheduled' });
      return list.items.length > 0 ? list.items : undefined;
    });
    expect(events[0]!.message).to.equal('Successfully assigned default/pinned to node-1');
  });

  it('marks a pod that fits nowhere Unschedulable with a FailedScheduling event', async () => {
    await create('nowhere', { nodeSelector: { disk: 'none' } });
    const condition = await eventually('PodScheduled=False', async () => {
      const pod = await cluster.client.get(RESOURCES.pods, 'default', 'nowhere');
      return ((pod.status as { conditions?: { type: string; status: string; reason: string; message: string }[] })?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    const message = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    expect(condition).to.include({ reason: 'Unschedulable', message });
    const events = await eventually('a FailedScheduling event', async () => {
      const list = await cluster.client.list(RESOURCES.events, 'default', { fieldSelector: 'involvedObject.name=nowhere,reason=FailedScheduling' });
      return list.items.length > 0 ? list.items : undefined;
    });
    expect(events[0]).to.include({ type: 'Warning', message });
    // Labelling a node makes it fit: the scheduler retries on node changes.
    await cluster.client.patch(RESOURCES.nodes, undefined, 'node-0', { metadata: { labels: { disk: 'none' } } });
    await eventually('the pod is bound to node-0', async () => ((await cluster.client.get(RESOURCES.pods, 'default', 'nowhere')).spec as { nodeName?: string }).nodeName === 'node-0');
  });
});
