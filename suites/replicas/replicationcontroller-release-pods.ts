import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, controlledBy, count, exists, not, pods, replicationController } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicationcontroller-release-pods',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicationController'],
  upstream: ['[sig-apps] ReplicationController should release no longer matching pods [Conformance]'],
  description: "A ReplicationController MUST release a pod whose labels stop matching its selector, removing itself from the pod's controller reference.",
  brokenBy: ['replicaset-no-release'],
  async run(t) {
    const name = 'pod-release';
    const rc = await t.create(replicationController(name, { replicas: 1, image: t.images.httpd, containerName: name }));
    const [owned] = await t.step('its pod is created', () => t.eventually(pods({ name }), count(1, 'pods'), { withinMs: 60_000 }));
    await t.modify(owned!, (p) => void (p.metadata!.labels = { name: 'not-matching-name' }));
    await t.step('the pod whose labels changed is released', () =>
      t.eventually(owned!, allOf(exists(), not(controlledBy(rc), `released by ReplicationController ${name}`)), { withinMs: 60_000 }),
    );
  },
});
