import { defineConformanceTest } from '../../src/catalog/types.js';
import {
  atLeastAvailable, availableReplicas, deployment, desiredReplicasReached, expectThat, newReplicaSetOf, observedGenerationCurrent, podsOf,
  rolloutComplete, runningPods, scaleTo, settledAt,
} from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-proportional-scaling',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'ReplicaSet'],
  upstream: ['[sig-apps] Deployment deployment should support proportional scaling [Conformance]'],
  description:
    'A Deployment scaled in the middle of a rollout MUST spread the change over its active ReplicaSets in proportion to their sizes: 10 replicas with maxSurge 3 and maxUnavailable 2, stalled on an unpullable image, are split 8 + 5, and scaling to 30 gives 20 + 13.',
  brokenBy: ['no-proportional-scaling', 'image-pull-never-fails'],
  async run(t) {
    const web = await t.create(deployment('webserver-deployment', { replicas: 10, image: t.images.httpd, labels: { name: 'httpd' }, maxSurge: 3, maxUnavailable: 2 }));
    const first = await t.step('10 replicas roll out', async () => {
      await t.eventually(web, observedGenerationCurrent(), { timeout: 'deploymentRollout' });
      await t.eventually(podsOf(web), runningPods(10), { timeout: 'podStart' });
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      return newReplicaSetOf(t, web);
    });
    const stalled = await t.modify(web, (d) => void (d.spec!.template.spec!.containers[0]!.image = t.images.nonexistentWebserver));
    const second = await t.step('a rollout to an unpullable image keeps 8 old replicas and surges 5 new ones', async () => {
      await t.eventually(stalled, observedGenerationCurrent(), { timeout: 'deploymentRollout' });
      await t.eventually(first, availableReplicas(8), { timeout: 'deploymentRollout' });
      await t.eventually(first, settledAt(8), { timeout: 'deploymentRollout' });
      await t.eventually(first, desiredReplicasReached(), { timeout: 'deploymentRollout' });
      const newRS = await newReplicaSetOf(t, web);
      expectThat(newRS, availableReplicas(0), `new ReplicaSet ${newRS.metadata?.name}`);
      await t.eventually(newRS, settledAt(5), { timeout: 'deploymentRollout' });
      await t.eventually(newRS, desiredReplicasReached(), { timeout: 'deploymentRollout' });
      expectThat(await t.get(web), atLeastAvailable(8), 'Deployment webserver-deployment');
      return newRS;
    });
    await t.patch(web, scaleTo(30));
    await t.step('scaling to 30 mid-rollout gives the ReplicaSets 20 and 13', async () => {
      await t.eventually(first, settledAt(20), { timeout: 'deploymentRollout' });
      await t.eventually(second, settledAt(13), { timeout: 'deploymentRollout' });
    });
  },
});
