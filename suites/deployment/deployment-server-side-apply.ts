import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, every, podsOf, rolloutComplete, runsImage, serverSideApply, specReplicas } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'deployment-server-side-apply',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment', 'ServerSideApply'],
  source: 'https://kubernetes.io/docs/reference/using-api/server-side-apply/',
  upstream: [],
  description:
    'Server-side apply of a changed Deployment manifest MUST converge the cluster to the new declared state, and an apply by a second field manager that changes a field the first manager owns MUST be refused with a Conflict unless forced.',
  brokenBy: ['apply-ignores-field-managers'],
  async run(t) {
    const manifest = (replicas: number, image: string) => {
      const d = deployment('declared', { replicas, image, containerName: 'app', labels: { app: 'declared' } });
      return { apiVersion: d.apiVersion, kind: d.kind, metadata: { name: 'declared', namespace: t.namespace }, spec: d.spec };
    };
    const web = await t.step('applying the first manifest creates the Deployment', () => t.patch(manifest(2, t.images.agnhost), serverSideApply(manifest(2, t.images.agnhost), 'kcert-owner')));
    await t.step('it converges to 2 available replicas', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    await t.patch(web, serverSideApply(manifest(3, t.images.httpd), 'kcert-owner'));
    await t.step('applying a changed manifest converges to 3 replicas of the new image', async () => {
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      await t.eventually(web, specReplicas(3));
      await t.eventually(podsOf(web), every(runsImage(t.images.httpd), { min: 3, noun: 'pods' }), { timeout: 'podStart' });
    });
    const rival = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'declared', namespace: t.namespace }, spec: { replicas: 1 } };
    await t.step('a second manager changing spec.replicas is refused with Conflict', () => t.expectApiError(() => t.patch(web, serverSideApply(rival, 'kcert-rival')), 'Conflict'));
    await t.step('forced, the second manager takes spec.replicas over', async () => {
      await t.patch(web, serverSideApply(rival, 'kcert-rival', true));
      await t.eventually(web, specReplicas(1));
    });
  },
});
