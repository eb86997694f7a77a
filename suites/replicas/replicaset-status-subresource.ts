import { defineConformanceTest } from '../../src/catalog/types.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { hasCondition, labelled, mergePatch, pods, replicaSet, runningPods, type Predicate } from '../../src/framework/index.js';

const LABELS = { name: 'sample-pod', pod: 'httpd' };

export default defineConformanceTest({
  id: 'replicaset-status-subresource',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet', 'StatusSubresource'],
  upstream: ['[sig-apps] ReplicaSet should validate Replicaset Status endpoints [Conformance]'],
  description: "A ReplicaSet's status subresource MUST be readable, and a status update and a merge patch of /status MUST each be visible to later watches.",
  brokenBy: ['status-subresource-ignored', 'watch-no-replay'],
  async run(t) {
    const { resourceVersion } = await t.listWithVersion(labelled('apps/v1', 'ReplicaSet', LABELS, { allNamespaces: true }));
    // Like upstream's watchtools.Until: each wait is a new watch from the list's resourceVersion.
    const replay = (predicate: Predicate<KubernetesObject>) =>
      t.watch(labelled('apps/v1', 'ReplicaSet', LABELS), { resourceVersion }).then((events) => events.waitForEvent(undefined, predicate, t.scaled(2 * 60_000)).finally(() => events.stop()));
    const rs = await t.create(replicaSet('test-rs', { replicas: 1, image: t.images.httpd, labels: LABELS }));
    await t.step('its pod runs', () => t.eventually(pods({ name: 'sample-pod' }), runningPods(1), { timeout: 'podStart' }));
    await t.step('GET /status answers', () => t.get(rs, 'status'));
    await t.step('an updated status condition is visible', async () => {
      await t.modify(rs, (r) => void (r.status = { ...r.status!, conditions: [...(r.status?.conditions ?? []), { type: 'StatusUpdate', status: 'True', reason: 'E2E', message: 'Set from e2e test' }] }), 'status');
      await replay(hasCondition('StatusUpdate', 'True', 'E2E', 'Set from e2e test'));
    });
    await t.step('a merge-patched status condition is visible', async () => {
      await t.patch(rs, mergePatch({ status: { conditions: [{ type: 'StatusPatched', status: 'True' }] } }), 'status');
      await replay(hasCondition('StatusPatched', 'True'));
    });
  },
});
