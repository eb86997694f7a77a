import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, anyOf, controlledBy, exists, gone, not, pod, podRunning, pods, replicaSet, runningPods } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'replicaset-adopt-release',
  area: 'replicas',
  profile: 'core',
  features: ['ReplicaSet'],
  upstream: ['[sig-apps] ReplicaSet should adopt matching pods on creation and release no longer matching pods [Conformance]'],
  description:
    "A ReplicaSet MUST adopt (or replace) an ownerless pod its selector matches, and MUST release a pod whose labels stop matching by removing itself from the pod's controller reference.",
  brokenBy: ['replicaset-no-adoption', 'replicaset-no-release'],
  async run(t) {
    const name = 'pod-adoption-release';
    const orphan = await t.create(pod(name, { image: t.images.httpd, containerName: name, labels: { name } }));
    await t.step('the ownerless pod runs', () => t.eventually(orphan, podRunning(), { timeout: 'podStart' }));
    const rs = await t.create(replicaSet(name, { replicas: 1, image: t.images.httpd, containerName: name, labels: { name } }));
    await t.step('the ReplicaSet adopts the pod (or deletes it)', () => t.eventually(orphan, anyOf(controlledBy(rs), gone())));
    const [owned] = await t.step('the ReplicaSet has its one pod', () => t.eventually(pods({ name }), runningPods(1), { timeout: 'podStart' }));
    await t.modify(owned!, (p) => void (p.metadata!.labels = { name: 'not-matching-name' }));
    await t.step('the pod whose labels changed is released', () => t.eventually(owned!, allOf(exists(), not(controlledBy(rs), `released by ReplicaSet ${name}`))));
  },
});
