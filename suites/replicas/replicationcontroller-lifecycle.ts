import { defineConformanceTest } from '../../src/catalog/types.js';
import {
  allOf, ConformanceFailure, expectThat, hasLabel, labelled, readyReplicas, replicas, replicationController, setLabels, strategicMerge,
} from '../../src/framework/index.js';

const STATIC = { 'test-rc-static': 'true' };

export default defineConformanceTest({
  id: 'replicationcontroller-lifecycle',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicationController', 'Watch', 'StatusSubresource', 'ScaleSubresource'],
  upstream: ['[sig-apps] ReplicationController should test the lifecycle of a ReplicationController [Conformance]'],
  description:
    'A ReplicationController MUST be creatable, patchable (labels, /status, /scale), status-updatable, listable across namespaces and deletable by collection, with each change delivered to a watch: ADDED, four MODIFIED, DELETED.',
  brokenBy: ['replicaset-status-not-updated'],
  async run(t) {
    const { resourceVersion } = await t.listWithVersion(labelled('v1', 'ReplicationController', STATIC, { allNamespaces: true }));
    const events = await t.watch(labelled('v1', 'ReplicationController', STATIC), { resourceVersion });
    const minute = t.scaled(60_000);
    const rc = await t.create(replicationController('rc-test', { replicas: 1, image: t.images.nginx, containerName: 'rc-test', labels: STATIC, objectLabels: STATIC, terminationGracePeriodSeconds: 30 }));
    await t.step('ADDED, then 1 ready replica', async () => {
      await events.waitForEvent('ADDED', undefined, minute);
      await events.waitForEvent(undefined, allOf(replicas(1), readyReplicas(1)), t.timeout('podStart'));
    });
    await t.step('a label patch is applied and watched', async () => {
      expectThat(await t.patch(rc, { ...setLabels({ 'test-rc': 'patched' }), type: 'strategic' }), hasLabel('test-rc', 'patched'), 'the patch answer');
      await events.waitForEvent('MODIFIED', undefined, minute);
    });
    await t.step('a /status patch to 0 ready replicas is applied and watched', async () => {
      expectThat(await t.patch(rc, strategicMerge({ status: { readyReplicas: 0, availableReplicas: 0 } }), 'status'), readyReplicas(0), 'the /status patch answer');
      await events.waitForEvent('MODIFIED', undefined, minute);
      await events.waitForEvent(undefined, replicas(1), t.timeout('podStart'));
      expectThat(await t.get(rc, 'status'), replicas(1), 'GET replicationcontrollers/rc-test/status');
    });
    await t.step('a /scale patch to 2 replicas is applied and reached', async () => {
      await t.patch(rc, strategicMerge({ spec: { replicas: 2 } }), 'scale');
      await events.waitForEvent('MODIFIED', undefined, t.timeout('podStart'));
      await events.waitForEvent(undefined, allOf(replicas(2), readyReplicas(2)), t.timeout('podStart'));
    });
    await t.step('a status update keeps the patched label and is watched', async () => {
      const current = expectThat(await t.get(rc), hasLabel('test-rc', 'patched'), 'ReplicationController rc-test');
      await t.update({ ...current, status: { ...current.status!, availableReplicas: 1, readyReplicas: 1 } }, 'status');
      await events.waitForEvent('MODIFIED', undefined, minute);
    });
    await t.step('a cluster-wide list finds it patched; DeleteCollection is watched', async () => {
      const found = (await t.list(labelled('v1', 'ReplicationController', STATIC, { allNamespaces: true }))).find((r) => r.metadata?.name === 'rc-test' && r.metadata?.namespace === t.namespace);
      expectThat(found, allOf(hasLabel('test-rc-static', 'true'), hasLabel('test-rc', 'patched')), 'the cluster-wide list of ReplicationControllers');
      await t.deleteCollection(labelled('v1', 'ReplicationController', STATIC));
      await events.waitForEvent('DELETED', undefined, minute);
    });
    const types = events.events.map((e) => e.type);
    const modified = types.filter((type) => type === 'MODIFIED').length;
    if (types.length < 6 || types[0] !== 'ADDED' || modified < 4 || !types.includes('DELETED')) {
      throw new ConformanceFailure(`the watch of ReplicationController rc-test: expected ADDED, at least 4 MODIFIED and DELETED; observed ${types.join(', ')}`);
    }
  },
});
