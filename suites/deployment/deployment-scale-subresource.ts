import { defineConformanceTest } from '../../src/catalog/types.js';
import { checkScaleSubresource, deployment, rolloutComplete, waitForRevisionAndImage } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-scale-subresource',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'ScaleSubresource'],
  upstream: ['[sig-apps] Deployment Deployment should have a working scale subresource [Conformance]'],
  description:
    "A Deployment's scale subresource MUST report its spec and status replicas, and an unconditional update and a strategic-merge patch of the scale MUST change the Deployment's spec.replicas.",
  brokenBy: ['scale-subresource-ignored', 'deployment-status-not-updated'],
  async run(t) {
    const web = await t.create(deployment('test-new-deployment', { replicas: 1, image: t.images.httpd, labels: { name: 'httpd' } }));
    await t.step('revision 1 rolls out', async () => {
      await waitForRevisionAndImage(t, web, '1', t.images.httpd);
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
    });
    await checkScaleSubresource(t, web, { patch: true });
  },
});
