import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, fieldEquals, hasCondition, lacksCondition, observedGenerationCurrent, replicationController, resourceQuota } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicationcontroller-quota-failure-condition',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicationController', 'ResourceQuota'],
  upstream: ['[sig-apps] ReplicationController should surface a failure condition on a common issue like exceeded quota [Conformance]'],
  description:
    'A ReplicationController that cannot create its pods because a quota is exceeded MUST report a ReplicaFailure condition, and MUST remove it once scaled down within the quota.',
  brokenBy: ['replicaset-no-replica-failure-condition'],
  async run(t) {
    const quota = await t.create(resourceQuota('condition-test', { pods: '2' }));
    await t.step('the quota allowing 2 pods is in force', () => t.eventually(quota, fieldEquals('status.hard.pods 2', 'status.hard.pods', '2'), { withinMs: 60_000 }));
    const rc = await t.create(replicationController('condition-test', { replicas: 3, image: t.images.httpd }));
    await t.step('asking for 3 pods surfaces a ReplicaFailure condition', () =>
      t.eventually(rc, allOf(observedGenerationCurrent(), hasCondition('ReplicaFailure')), { withinMs: 60_000 }),
    );
    const scaled = await t.modify(rc, (current) => void (current.spec!.replicas = 2));
    await t.step('scaled down to 2, the condition goes away', () => t.eventually(scaled, allOf(observedGenerationCurrent(), lacksCondition('ReplicaFailure')), { withinMs: 60_000 }));
  },
});
