import { defineConformanceTest } from '../../src/catalog/types.js';
import { count, deployment, expectThat, pods, REVISION_ANNOTATION, replicaSet, replicaSetsSplit, rolloutComplete, runningPods, waitForRevisionAndImage } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-rolling-update',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'ReplicaSet'],
  upstream: ['[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]'],
  description:
    'A RollingUpdate Deployment MUST adopt an existing ReplicaSet that matches its selector, give its new ReplicaSet the next revision after the adopted one, replace the old pods with pods of its template, and keep the adopted ReplicaSet as its only old one.',
  brokenBy: ['deployment-revision-not-incremented'],
  async run(t) {
    await t.create(
      replicaSet('test-rolling-update-controller', {
        replicas: 1,
        image: t.images.httpd,
        labels: { name: 'sample-pod', pod: 'httpd' },
        annotations: { [REVISION_ANNOTATION]: '3546343826724305832' },
      }),
    );
    await t.step('the pre-existing ReplicaSet runs its pod', () => t.eventually(pods({ name: 'sample-pod' }), runningPods(1), { timeout: 'podStart' }));
    const web = await t.create(deployment('test-rolling-update-deployment', { replicas: 1, image: t.images.agnhost, labels: { name: 'sample-pod' } }));
    await t.step('the new ReplicaSet gets revision 3546343826724305833 (adopted revision + 1)', () =>
      waitForRevisionAndImage(t, web, '3546343826724305833', t.images.agnhost),
    );
    await t.step('the rollout completes', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    await t.step('the adopted ReplicaSet is the one old ReplicaSet', async () => {
      const { old } = await replicaSetsSplit(t, web);
      expectThat(old, count(1, 'old ReplicaSets'), 'Deployment test-rolling-update-deployment');
    });
  },
});
