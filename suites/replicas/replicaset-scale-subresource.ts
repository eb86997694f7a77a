import { defineConformanceTest } from '../../src/catalog/types.js';
import { checkScaleSubresource, pods, replicaSet, runningPods } from '../../src/framework/index.js';


export default defineConformanceTest({
  id: 'replicaset-scale-subresource',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet', 'ScaleSubresource'],
  upstream: ['[sig-apps] ReplicaSet Replicaset should have a working scale subresource [Conformance]'],
  description:
    "A ReplicaSet's scale subresource MUST report its spec and status replicas, and an unconditional update and a strategic-merge patch of the scale MUST change the ReplicaSet's spec.replicas.",
  brokenBy: ['scale-subresource-ignored', 'replicaset-status-not-updated'],
  async run(t) {
    const rs = await t.create(replicaSet('test-rs', { replicas: 1, image: t.images.httpd, labels: { name: 'sample-pod', pod: 'httpd' } }));
    await t.step('its pod runs', () => t.eventually(pods({ name: 'sample-pod' }), runningPods(1), { timeout: 'podStart' }));
    await checkScaleSubresource(t, rs, { patch: true });
  },
});
