import { defineConformanceTest } from '../../src/catalog/types.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { deployment, hasCondition, labelled, mergePatch, rolloutComplete, waitForRevisionAndImage, type Predicate } from '../../src/framework/index.js';

const E2E = { e2e: 'testing' };

export default defineConformanceTest({
  id: 'deployment-status-subresource',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'StatusSubresource'],
  upstream: ['[sig-apps] Deployment should validate Deployment Status endpoints [Conformance]'],
  description:
    "A Deployment's status subresource MUST be readable, and a status update (PUT /status) and a merge patch of /status MUST each be visible to later reads and watches.",
  brokenBy: ['watch-no-replay', 'deployment-status-not-updated'],
  async run(t) {
    const { resourceVersion } = await t.listWithVersion(labelled('apps/v1', 'Deployment', E2E, { allNamespaces: true }));
    // Like upstream's watchtools.Until: each wait is a new watch from the list's resourceVersion.
    const replay = (predicate: Predicate<KubernetesObject>) =>
      t.watch(labelled('apps/v1', 'Deployment', E2E), { resourceVersion }).then((events) => events.waitForEvent(undefined, predicate, t.timeout('deploymentRollout')).finally(() => events.stop()));
    const web = await t.create(deployment(t.uniqueName('test-deployment'), { replicas: 1, image: t.images.httpd, labels: { name: 'httpd', ...E2E } }));
    await t.step('revision 1 rolls out', async () => {
      await waitForRevisionAndImage(t, web, '1', t.images.httpd);
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
    });
    await t.step('GET /status answers', () => t.get(web, 'status'));
    await t.step('an updated status condition is visible', async () => {
      await t.modify(web, (d) => void (d.status = { ...d.status, conditions: [...(d.status?.conditions ?? []), { type: 'StatusUpdate', status: 'True', reason: 'E2E', message: 'Set from e2e test' }] }), 'status');
      await replay(hasCondition('StatusUpdate', 'True', 'E2E', 'Set from e2e test'));
    });
    await t.step('a merge-patched status condition is visible', async () => {
      await t.patch(web, mergePatch({ status: { conditions: [{ type: 'StatusPatched', status: 'True' }] } }), 'status');
      await replay(hasCondition('StatusPatched', 'True'));
    });
  },
});
