import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, every, keepsMinimumAvailable, podsOf, replicaSetsOf, replicaSetsWithinSurge, rolloutComplete, runsImage, setImage } from '../../src/framework/index.js';

const REPLICAS = 6;
const MAX_SURGE = 2;

export default defineConformanceTest({
  id: 'deployment-rolling-update-bounds',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge',
  upstream: [],
  description:
    'During a rolling update a Deployment MUST never ask its ReplicaSets for more than replicas + maxSurge pods and never have fewer than replicas − maxUnavailable available pods (6 replicas, maxSurge 2, maxUnavailable 1: at most 8 pods, at least 5 available).',
  brokenBy: ['deployment-ignores-max-surge', 'deployment-ignores-max-unavailable'],
  async run(t) {
    const web = await t.create(deployment('bounded', { replicas: REPLICAS, image: t.images.agnhost, containerName: 'app', maxSurge: MAX_SURGE, maxUnavailable: 1, minReadySeconds: 1 }));
    await t.step('the first rollout completes', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    // Counted as the controller and upstream's rolling check count them: ReplicaSet spec.replicas for the
    // surge, the Deployment's available replicas for the floor.
    const availability = await t.guard(web, keepsMinimumAvailable());
    const surge = await t.guard(replicaSetsOf(web), replicaSetsWithinSurge(await t.get(web)));
    await t.patch(web, setImage('app', t.images.httpd));
    await t.step('the rollout completes without leaving the bounds', async () => {
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      await t.eventually(podsOf(web), every(runsImage(t.images.httpd), { min: REPLICAS, noun: 'pods' }), { timeout: 'podStart' });
      await availability.stop();
      await surge.stop();
    });
  },
});
