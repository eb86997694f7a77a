import type { V1ReplicaSet } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, count, deployment, every, expectThat, fieldMatches, jsonPatch, podsOf, replicaSetsOf, revision, rolloutComplete, runsImage, setImage } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-rollback-to-revision',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-to-a-previous-revision',
  upstream: [],
  description:
    "Rolling a Deployment back to a chosen revision (restoring that revision's pod template, as kubectl rollout undo --to-revision does) MUST reuse that revision's ReplicaSet, give it the next revision number with the old one recorded in its revision-history, and run the old template again.",
  brokenBy: ['deployment-revision-not-incremented'],
  async run(t) {
    const web = await t.create(deployment('rollback', { replicas: 2, image: t.images.agnhost, containerName: 'app' }));
    await t.step('revisions 1, 2 and 3 roll out', async () => {
      await t.eventually(web, allOf(rolloutComplete(), revision(1)), { timeout: 'deploymentRollout' });
      for (const [image, next] of [[t.images.httpd, 2], [t.images.nginx, 3]] as const) {
        await t.patch(web, setImage('app', image));
        await t.eventually(web, allOf(rolloutComplete(), revision(next)), { timeout: 'deploymentRollout' });
      }
    });
    const first = await t.step('revision 1 has its own ReplicaSet', async () => {
      const sets = (await t.list(replicaSetsOf(web))) as V1ReplicaSet[];
      return expectThat(sets.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '1'), runsTemplateImage(t.images.agnhost), 'the ReplicaSet of revision 1');
    });
    const template = structuredClone(first.spec!.template!);
    delete template.metadata?.labels?.['pod-template-hash'];
    await t.patch(web, jsonPatch([{ op: 'replace', path: '/spec/template', value: template }]));
    await t.step('the rollback completes as revision 4, running the revision-1 template', async () => {
      await t.eventually(web, allOf(rolloutComplete(), revision(4)), { timeout: 'deploymentRollout' });
      await t.eventually(podsOf(web), every(runsImage(t.images.agnhost), { min: 2, noun: 'pods' }), { timeout: 'podStart' });
    });
    await t.step("revision 1's ReplicaSet was reused: now revision 4, history 1, and no new ReplicaSet", async () => {
      const history = fieldMatches<V1ReplicaSet>('revision-history containing 1', 'metadata.annotations', (a) => String((a as Record<string, string>)?.['deployment.kubernetes.io/revision-history'] ?? '').split(',').includes('1'));
      expectThat(await t.get(first), allOf(revision(4), history), `ReplicaSet ${first.metadata?.name}`);
      expectThat(await t.list(replicaSetsOf(web)), count(3, 'ReplicaSets'), 'ReplicaSets of Deployment rollback');
    });
  },
});

function runsTemplateImage(image: string) {
  return fieldMatches<V1ReplicaSet>(`a pod template running ${image}`, 'spec.template.spec.containers', (c) => (c as Array<{ image?: string }>)?.[0]?.image === image);
}
