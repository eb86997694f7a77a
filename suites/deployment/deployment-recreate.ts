import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, rolloutComplete, satisfies, waitForRevisionAndImage } from '../../src/framework/index.js';

/** Upstream's watchRecreateDeployment invariant: never updated pods alongside old ones. */
const neverOldAndNewTogether = satisfies('never to run new pods alongside old ones (updatedReplicas > 0 implies replicas == updatedReplicas)', (d) => {
  const status = (d as { status?: { replicas?: number; updatedReplicas?: number } } | undefined)?.status ?? {};
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  return { ok: updated === 0 || total === updated, observed: `status.replicas = ${total}, status.updatedReplicas = ${updated}` };
});

export default defineConformanceTest({
  id: 'deployment-recreate',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment'],
  upstream: ['[sig-apps] Deployment RecreateDeployment should delete old pods and create new ones [Conformance]'],
  description: 'A Deployment with strategy Recreate MUST remove every old pod before it runs any pod of the new template, and MUST complete the rollout.',
  brokenBy: ['recreate-does-not-wait'],
  async run(t) {
    const web = await t.create(deployment('test-recreate-deployment', { replicas: 1, image: t.images.agnhost, labels: { name: 'sample-pod-3' }, strategy: 'Recreate' }));
    await t.step('revision 1 rolls out', async () => {
      await waitForRevisionAndImage(t, web, '1', t.images.agnhost);
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
    });
    const guard = await t.guard(web, neverOldAndNewTogether);
    await t.modify(web, (d) => {
      d.spec!.template.spec!.containers[0] = { ...d.spec!.template.spec!.containers[0]!, name: 'httpd', image: t.images.httpd };
    });
    await t.step('the new template rolls out without old and new pods coexisting', async () => {
      await t.eventually(web, rolloutComplete(), { withinMs: 2 * 60_000 });
      await guard.stop();
    });
  },
});
