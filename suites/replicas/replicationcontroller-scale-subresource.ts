import { defineConformanceTest } from '../../src/catalog/types.js';
import { checkScaleSubresource, replicas, replicationController } from '../../src/framework/index.js';


export default defineConformanceTest({
  id: 'replicationcontroller-scale-subresource',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicationController', 'ScaleSubresource'],
  upstream: ['[sig-apps] ReplicationController should get and update a ReplicationController scale [Conformance]'],
  description: "A ReplicationController's scale subresource MUST report its replicas, and an unconditional update of the scale MUST change the controller's spec.replicas.",
  brokenBy: ['scale-subresource-ignored', 'replicaset-status-not-updated'],
  async run(t) {
    const rc = await t.create(replicationController(t.uniqueName('e2e-rc'), { replicas: 1, image: t.images.httpd, containerName: 'httpd' }));
    await t.step('its status shows 1 replica', () => t.eventually(rc, replicas(1)));
    await checkScaleSubresource(t, rc, { patch: false });
  },
});
