import { randomUUID } from 'node:crypto';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { expectPodsServeTheirNames, pods, replicaSet, runningPods } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicaset-serve-image',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet', 'PodProxy'],
  upstream: ['[sig-apps] ReplicaSet should serve a basic image on each replica with a public image [Conformance]'],
  description: "A ReplicaSet MUST run its replicas from a public image, and each replica MUST answer through the API server's pod proxy with its own pod name.",
  brokenBy: ['pod-proxy-misroutes'],
  needsDataPlane: true,
  async run(t) {
    const name = `my-hostname-basic-${randomUUID()}`;
    // Two replicas, not upstream's one: only with a sibling can a misrouted proxy answer with the wrong name.
    await t.create(replicaSet(name, { replicas: 2, image: t.images.agnhost, containerName: name, args: ['serve-hostname'], ports: [9376] }));
    await t.step('its pods are created and Running', () => t.eventually(pods({ name }), runningPods(2), { timeout: 'podStart' }));
    await t.step('each pod answers with its name through pods/proxy', () => expectPodsServeTheirNames(t, pods({ name }), t.scaled(2 * 60_000)));
  },
});
