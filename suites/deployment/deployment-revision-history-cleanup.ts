import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, count, deployment, every, expectThat, firstContainerNamed, pods, probe, replicaSet, replicaSetsSplit, runningPods } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-revision-history-cleanup',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'ReplicaSet'],
  upstream: ['[sig-apps] Deployment deployment should delete old replica sets [Conformance]'],
  description:
    "A Deployment MUST delete old ReplicaSets beyond its spec.revisionHistoryLimit (0 here), and adopting a matching ReplicaSet MUST NOT make that ReplicaSet create pods: the rollout creates exactly one new pod.",
  brokenBy: ['revision-history-not-cleaned'],
  async run(t) {
    await t.create(replicaSet('test-cleanup-controller', { replicas: 1, image: t.images.httpd, labels: { name: 'cleanup-pod', pod: 'httpd' } }));
    await t.step('the pre-existing ReplicaSet runs its pod', () => t.eventually(pods({ name: 'cleanup-pod' }), runningPods(1), { timeout: 'podStart' }));
    const { resourceVersion } = await t.listWithVersion(pods());
    const podEvents = await t.watch(pods(), { resourceVersion });
    const web = await t.create(deployment('test-cleanup-deployment', { replicas: 1, image: t.images.agnhost, labels: { name: 'cleanup-pod' }, revisionHistoryLimit: 0 }));
    const oldReplicaSets = probe('old ReplicaSets of Deployment test-cleanup-deployment', async () => (await replicaSetsSplit(t, web)).old);
    await t.step('the old ReplicaSet is deleted', () => t.eventually(oldReplicaSets, count(0, 'old ReplicaSets'), { timeout: 'deploymentRollout' }));
    await t.step('exactly one pod was created, running the Deployment template', async () => {
      podEvents.stop();
      const added = podEvents.events.filter((event) => event.type === 'ADDED').map((event) => event.object);
      expectThat(added, allOf(count(1, 'pods added'), every(firstContainerNamed('agnhost'), { noun: 'pods added' })), 'the watch of the namespace\'s pods');
    });
  },
});
