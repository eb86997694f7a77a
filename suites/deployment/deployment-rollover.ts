import { defineConformanceTest } from '../../src/catalog/types.js';
import {
  allOf, deployment, expectThat, observedGenerationCurrent, pods, readyReplicas, replicaSet, replicaSetsSplit, revision, rolloutComplete,
  runningPods, specAndStatusReplicas, templateImage, updatedReplicas, waitForRevisionAndImage, keepsMinimumAvailable, replicaSetsWithinSurge, replicaSetsOf, atLeastUpdated,
} from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-rollover',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'ReplicaSet'],
  upstream: ['[sig-apps] Deployment deployment should support rollover [Conformance]'],
  description:
    'A Deployment MUST accept a new template while a rollout is still in progress (rollover): it MUST roll out the newest template within its maxSurge/maxUnavailable bounds and scale every older ReplicaSet, including the unfinished one, to zero.',
  brokenBy: ['rollover-keeps-old-pods'],
  async run(t) {
    const labels = { name: 'rollover-pod', pod: 'httpd' };
    const original = await t.create(replicaSet('test-rollover-controller', { replicas: 1, image: t.images.httpd, labels }));
    await t.step('the pre-existing ReplicaSet is ready', async () => {
      await t.eventually(pods({ name: 'rollover-pod' }), runningPods(1), { timeout: 'podStart' });
      await t.eventually(original, readyReplicas(1), { timeout: 'podStart' });
    });
    const stuckImage = t.images.nonexistentRedisSlave;
    const web = await t.create(
      deployment('test-rollover-deployment', { replicas: 1, image: stuckImage, containerName: 'redis-slave', labels: { name: 'rollover-pod' }, maxUnavailable: 0, maxSurge: 1, minReadySeconds: 10 }),
    );
    const stuck = await t.step('a rollout to an unpullable image starts and stalls at revision 1', async () => {
      await t.eventually(web, allOf(atLeastUpdated(1), observedGenerationCurrent()), { timeout: 'deploymentRollout' });
      const { current, newRS } = await replicaSetsSplit(t, web);
      expectThat(current, allOf(revision(1), templateImage(stuckImage)), 'Deployment test-rollover-deployment');
      expectThat(newRS, allOf(revision(1), templateImage(stuckImage), specAndStatusReplicas(1)), 'its new ReplicaSet');
      expectThat(await t.get(original), specAndStatusReplicas(1), 'ReplicaSet test-rollover-controller');
      return newRS!;
    });
    // Upstream's waitForDeploymentCompleteAndCheckRolling, checked on every state a watch shows.
    const availability = await t.guard(web, keepsMinimumAvailable());
    const surge = await t.guard(replicaSetsOf(web), replicaSetsWithinSurge(await t.get(web)));
    const updated = await t.modify(web, (d) => {
      d.spec!.template.spec!.containers[0] = { ...d.spec!.template.spec!.containers[0]!, name: 'agnhost', image: t.images.agnhost };
    });
    await t.step('the rollover reaches revision 2 within the rolling-update bounds', async () => {
      await t.eventually(updated, observedGenerationCurrent(), { timeout: 'deploymentRollout' });
      await waitForRevisionAndImage(t, web, '2', t.images.agnhost);
      await t.eventually(web, allOf(rolloutComplete(), updatedReplicas(1)), { timeout: 'deploymentRollout' });
      await availability.stop();
      await surge.stop();
    });
    await t.step('both older ReplicaSets have no replicas', async () => {
      expectThat(await t.get(original), specAndStatusReplicas(0), 'ReplicaSet test-rollover-controller');
      expectThat(await t.get(stuck), specAndStatusReplicas(0), `ReplicaSet ${stuck.metadata?.name}`);
    });
  },
});
