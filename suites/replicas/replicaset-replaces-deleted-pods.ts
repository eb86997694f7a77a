import type { V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, every, podReady, pods, readyReplicas, replicaSet, runningPods, satisfies } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicaset-replaces-deleted-pods',
  area: 'replicas',
  profile: 'extended',
  features: ['ReplicaSet'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/',
  upstream: [],
  description: 'A ReplicaSet MUST replace pods that are deleted, with new pods, until its declared number of replicas is running and ready again.',
  brokenBy: ['replicaset-ignores-deleted-pods'],
  async run(t) {
    const rs = await t.create(replicaSet('self-healing', { replicas: 3, image: t.images.agnhost }));
    const original = await t.step('3 replicas are ready', async () => {
      await t.eventually(rs, readyReplicas(3), { timeout: 'podStart' });
      return t.list(pods({ name: 'self-healing' }));
    });
    await t.step('two of its pods are deleted', async () => {
      for (const victim of original.slice(0, 2)) await t.delete(victim, { gracePeriodSeconds: 0 });
    });
    const originalNames = new Set(original.map((p) => p.metadata?.name));
    const twoReplacements = satisfies<V1Pod[]>('2 pods that did not exist before', (list) => {
      const fresh = (list ?? []).filter((p) => !originalNames.has(p.metadata?.name) && !p.metadata?.deletionTimestamp);
      return { ok: fresh.length === 2, observed: `new pods: ${fresh.map((p) => p.metadata?.name).join(', ') || 'none'}` };
    });
    await t.step('replacements bring it back to 3 running, ready pods', async () => {
      await t.eventually(pods({ name: 'self-healing' }), allOf(runningPods(3), every(podReady(), { min: 3, noun: 'pods' }), twoReplacements), { timeout: 'podStart' });
      await t.eventually(rs, readyReplicas(3), { timeout: 'podStart' });
    });
  },
});
