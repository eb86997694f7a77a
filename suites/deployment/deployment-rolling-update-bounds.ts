import type { V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, every, podsOf, rolloutComplete, runsImage, satisfies, setImage, withinRollingUpdateBounds } from '../../src/framework/index.js';

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
    'During a rolling update a Deployment MUST never run more than replicas + maxSurge pods and never have fewer than replicas − maxUnavailable available pods (6 replicas, maxSurge 2, maxUnavailable 1: at most 8 pods, at least 5 available).',
  brokenBy: ['deployment-ignores-max-surge', 'deployment-ignores-max-unavailable'],
  async run(t) {
    const web = await t.create(deployment('bounded', { replicas: REPLICAS, image: t.images.agnhost, containerName: 'app', maxSurge: MAX_SURGE, maxUnavailable: 1, minReadySeconds: 1 }));
    await t.step('the first rollout completes', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    const atMostSurge = satisfies<V1Pod[]>(`at most ${REPLICAS + MAX_SURGE} pods not being deleted`, (list) => {
      const live = (list ?? []).filter((p) => !p.metadata?.deletionTimestamp);
      return { ok: live.length <= REPLICAS + MAX_SURGE, observed: `${live.length} pods not being deleted` };
    });
    const statusBounds = await t.guard(web, withinRollingUpdateBounds());
    const podBounds = await t.guard(podsOf(web), atMostSurge);
    await t.patch(web, setImage('app', t.images.httpd));
    await t.step('the rollout completes without leaving the bounds', async () => {
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      await t.eventually(podsOf(web), every(runsImage(t.images.httpd), { min: REPLICAS, noun: 'pods' }), { timeout: 'podStart' });
      await statusBounds.stop();
      await podBounds.stop();
    });
  },
});
