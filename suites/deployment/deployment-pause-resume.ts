import { defineConformanceTest } from '../../src/catalog/types.js';
import { count, deployment, every, hasCondition, mergePatch, podsOf, probe, replicaSetsOf, rolloutComplete, runsImage, setImage } from '../../src/framework/index.js';

/** No upstream window exists for this behaviour; 15 s is several controller resyncs on any cluster. */
const PAUSED_WINDOW_MS = 15_000;

export default defineConformanceTest({
  id: 'deployment-pause-resume',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pausing-and-resuming-a-rollout-of-a-deployment',
  upstream: [],
  description:
    'A paused Deployment MUST NOT roll out template changes (no new ReplicaSet, pods keep the old template) and MUST report Progressing=Unknown with reason DeploymentPaused; once resumed it MUST roll the change out.',
  brokenBy: ['deployment-paused-ignored'],
  async run(t) {
    const web = await t.create(deployment('pausable', { replicas: 2, image: t.images.agnhost }));
    await t.step('the first rollout completes', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    await t.patch(web, mergePatch({ spec: { paused: true } }));
    await t.step('paused, it reports Progressing=Unknown (DeploymentPaused)', () => t.eventually(web, hasCondition('Progressing', 'Unknown', 'DeploymentPaused')));
    await t.patch(web, setImage('agnhost', t.images.httpd));
    const replicaSets = probe('ReplicaSets of Deployment pausable', () => t.list(replicaSetsOf(web)));
    await t.step('while paused, the template change is not rolled out', async () => {
      await t.consistently(replicaSets, count(1, 'ReplicaSets'), { forMs: PAUSED_WINDOW_MS });
      await t.eventually(podsOf(web), every(runsImage(t.images.agnhost), { min: 2, noun: 'pods' }));
    });
    await t.patch(web, mergePatch({ spec: { paused: false } }));
    await t.step('resumed, it rolls the new template out', async () => {
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      await t.eventually(podsOf(web), every(runsImage(t.images.httpd), { min: 2, noun: 'pods' }), { timeout: 'podStart' });
    });
  },
});
