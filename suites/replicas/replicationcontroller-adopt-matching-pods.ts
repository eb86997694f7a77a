import { defineConformanceTest } from '../../src/catalog/types.js';
import { anyOf, controlledBy, gone, pod, podRunning, replicationController } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicationcontroller-adopt-matching-pods',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicationController'],
  upstream: ['[sig-apps] ReplicationController should adopt matching pods on creation [Conformance]'],
  description: 'A ReplicationController created after an ownerless pod its selector matches MUST adopt that pod, or delete and replace it.',
  brokenBy: ['replicaset-no-adoption'],
  async run(t) {
    const name = 'pod-adoption';
    const orphan = await t.create(pod(name, { image: t.images.httpd, containerName: name, labels: { name } }));
    await t.step('the ownerless pod runs', () => t.eventually(orphan, podRunning(), { timeout: 'podStart' }));
    const rc = await t.create(replicationController(name, { replicas: 1, image: t.images.httpd, containerName: name }));
    await t.step('the controller adopts the pod (or deletes it)', () => t.eventually(orphan, anyOf(controlledBy(rc), gone()), { withinMs: 60_000 }));
  },
});
