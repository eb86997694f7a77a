import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, availableReplicas, fieldEquals, hasLabel, labelled, pods, readyReplicas, replicaSet, runningPods, strategicMerge, templateImage } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicaset-replace-and-patch',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet', 'StrategicMergePatch'],
  upstream: ['[sig-apps] ReplicaSet Replace and Patch tests [Conformance]'],
  description:
    'A ReplicaSet MUST accept a replace (PUT) that scales it and a strategic-merge patch of its labels, replicas and pod template (containers merged by name), and MUST reach the patched number of ready and available replicas.',
  brokenBy: ['replicaset-status-not-updated'],
  async run(t) {
    const { resourceVersion } = await t.listWithVersion(labelled('apps/v1', 'ReplicaSet', { 'test-rs': 'patched' }, { allNamespaces: true }));
    const events = await t.watch(labelled('apps/v1', 'ReplicaSet', { 'test-rs': 'patched' }), { resourceVersion });
    const rs = await t.create(replicaSet('test-rs', { replicas: 1, image: t.images.httpd, labels: { name: 'sample-pod', pod: 'httpd' } }));
    await t.step('its pod runs', () => t.eventually(pods({ name: 'sample-pod' }), runningPods(1), { timeout: 'podStart' }));
    await t.step('a replace scales it to 2', () => t.modify(rs, (current) => void (current.spec!.replicas = 2)));
    await t.step('a strategic-merge patch of labels, replicas and template is rolled out', async () => {
      const patch = { metadata: { labels: { 'test-rs': 'patched' } }, spec: { replicas: 3, template: { spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'test-rs', image: t.images.pause }] } } } };
      await t.patch(rs, strategicMerge(patch));
      const patched = allOf(
        hasLabel('test-rs', 'patched'),
        readyReplicas(3),
        availableReplicas(3),
        templateImage(t.images.pause),
        fieldEquals('terminationGracePeriodSeconds 0', 'spec.template.spec.terminationGracePeriodSeconds', 0),
      );
      await events.waitForEvent(undefined, patched, t.timeout('podStart'));
    });
  },
});
