import type { V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { count, deployment, expectThat, fieldEquals, rolloutComplete, scaleTo, Selection } from '../../src/framework/index.js';

export default defineConformanceTest({
  id: 'scale-subresource-for-autoscalers',
  area: 'replicas',
  profile: 'extended',
  features: ['Deployment', 'ScaleSubresource'],
  source: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#Scale (autoscaling/v1 Scale, as the HorizontalPodAutoscaler uses it)',
  upstream: [],
  description:
    "A Deployment's scale subresource MUST publish in status.selector a label selector that selects exactly its pods, MUST refuse an update carrying a stale resourceVersion with Conflict, and MUST apply one carrying the current resourceVersion.",
  brokenBy: ['scale-subresource-ignored', 'deployment-status-not-updated'],
  async run(t) {
    const web = await t.create(deployment('autoscaled', { replicas: 2, image: t.images.agnhost }));
    await t.step('2 replicas roll out', () => t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' }));
    const podsBySelector = async () => {
      const scale = await t.get(web, 'scale');
      const selector = String((scale as { status?: { selector?: string } }).status?.selector ?? '');
      return new Selection<V1Pod>('v1', 'Pod', { labelSelector: selector, description: `pods selected by the scale's status.selector "${selector}"`, filter: (p) => !p.metadata?.deletionTimestamp });
    };
    await t.step("the scale's status.selector selects exactly its 2 pods", async () => expectThat(await t.list(await podsBySelector()), count(2, 'pods'), 'deployments/autoscaled/scale'));
    const stale = await t.get(web, 'scale');
    await t.patch(web, scaleTo(3));
    await t.step('an update with a stale resourceVersion is refused with Conflict', () =>
      t.expectApiError(() => t.update({ ...stale, spec: { replicas: 4 } }, 'scale', web), 'Conflict'),
    );
    await t.step('an update with the current resourceVersion is applied', async () => {
      // Like an autoscaler: read, write with that resourceVersion, and retry if the controller wrote in between.
      const written = await t.modify(web, (scale) => void ((scale as { spec?: { replicas?: number } }).spec = { replicas: 4 }), 'scale');
      expectThat(written, fieldEquals('spec.replicas 4', 'spec.replicas', 4), 'the PUT scale answer');
      await t.eventually(web, fieldEquals('status.replicas 4', 'status.replicas', 4), { timeout: 'deploymentRollout' });
      await t.eventually(await podsBySelector(), count(4, 'pods'), { timeout: 'podStart' });
    });
  },
});
