import { randomBytes } from 'node:crypto';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { count, expectThat, labelled, pods, replicaSet, runningPods } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicaset-list-delete-collection',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet', 'DeleteCollection'],
  upstream: ['[sig-apps] ReplicaSet should list and delete a collection of ReplicaSets [Conformance]'],
  description:
    'A ReplicaSet MUST be found by a label-selected list across all namespaces, and a DeleteCollection with that selector MUST remove it so that an immediate list no longer returns it.',
  brokenBy: ['deletecollection-deferred'],
  async run(t) {
    const e2e = randomBytes(3).toString('hex').slice(0, 5);
    const labels = { name: 'sample-pod', pod: 'httpd', e2e };
    await t.create(replicaSet('test-rs', { replicas: 3, image: t.images.httpd, labels }));
    await t.step('its 3 pods run', () => t.eventually(pods({ name: 'sample-pod' }), runningPods(3), { timeout: 'podStart' }));
    const everywhere = labelled('apps/v1', 'ReplicaSet', { e2e }, { allNamespaces: true });
    await t.step('a cluster-wide list by label finds exactly it', async () => expectThat(await t.list(everywhere), count(1, 'ReplicaSets'), everywhere.description));
    await t.step('after DeleteCollection by label an immediate list finds none', async () => {
      await t.deleteCollection(labelled('apps/v1', 'ReplicaSet', { e2e }), { gracePeriodSeconds: 1 });
      expectThat(await t.list(everywhere), count(0, 'ReplicaSets'), everywhere.description);
    });
  },
});
