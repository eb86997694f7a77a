import type { V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, podsOf, rolloutComplete, satisfies, summarize, waitForRevisionAndImage } from '../../src/framework/index.js';

/** Upstream's watchRecreateDeployment invariant, on the Deployment's status. */
const neverOldAndNewTogether = satisfies('never to run new pods alongside old ones (updatedReplicas > 0 implies replicas == updatedReplicas)', (d) => {
  const status = (d as { status?: { replicas?: number; updatedReplicas?: number } } | undefined)?.status ?? {};
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  return { ok: updated === 0 || total === updated, observed: `status.replicas = ${total}, status.updatedReplicas = ${updated}` };
});

/** The same invariant seen on the pods themselves: no new pod exists while an old one still runs. */
function noNewPodWhileOldRuns(oldImage: string) {
  return satisfies<V1Pod[]>('no new-template pod while an old-template pod is still running', (list) => {
    const pods = list ?? [];
    const imageOf = (p: V1Pod) => p.spec?.containers[0]?.image;
    const oldRunning = pods.filter((p) => imageOf(p) === oldImage && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));
    const fresh = pods.filter((p) => imageOf(p) !== oldImage);
    return { ok: oldRunning.length === 0 || fresh.length === 0, observed: `old pods still running: ${summarize(oldRunning)}; new pods: ${summarize(fresh)}` };
  });
}

export default defineConformanceTest({
  id: 'deployment-recreate',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment'],
  upstream: ['[sig-apps] Deployment RecreateDeployment should delete old pods and create new ones [Conformance]'],
  description: 'A Deployment with strategy Recreate MUST stop every old pod before it creates any pod of the new template, and MUST complete the rollout.',
  brokenBy: ['recreate-does-not-wait'],
  async run(t) {
    const web = await t.create(deployment('test-recreate-deployment', { replicas: 1, image: t.images.agnhost, labels: { name: 'sample-pod-3' }, strategy: 'Recreate' }));
    await t.step('revision 1 rolls out', async () => {
      await waitForRevisionAndImage(t, web, '1', t.images.agnhost);
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
    });
    const statusGuard = await t.guard(web, neverOldAndNewTogether);
    const podGuard = await t.guard(podsOf(web), noNewPodWhileOldRuns(t.images.agnhost));
    await t.modify(web, (d) => {
      d.spec!.template.spec!.containers[0] = { ...d.spec!.template.spec!.containers[0]!, name: 'httpd', image: t.images.httpd };
    });
    await t.step('the new template rolls out without old and new pods coexisting', async () => {
      await t.eventually(web, rolloutComplete(), { withinMs: 2 * 60_000 });
      await statusGuard.stop();
      await podGuard.stop();
    });
  },
});
