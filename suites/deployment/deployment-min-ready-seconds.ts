import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, availableReplicas, deployment, every, expectThat, hasCondition, podReady, podsOf, satisfies } from '../../src/framework/index.js';

const MIN_READY_SECONDS = 10;
/** Condition times have one-second resolution. */
const TIMESTAMP_RESOLUTION_S = 1;

const transitionTime = (conditions: Array<{ type?: string; lastTransitionTime?: unknown }> | undefined, type: string) =>
  Date.parse(String(conditions?.find((c) => c.type === type)?.lastTransitionTime ?? ''));

export default defineConformanceTest({
  id: 'deployment-min-ready-seconds',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds',
  upstream: [],
  description:
    'A Deployment with minReadySeconds MUST NOT count a pod as available until it has been Ready for minReadySeconds (its Available condition turns True no earlier), and MUST count it afterwards.',
  brokenBy: ['min-ready-seconds-ignored'],
  async run(t) {
    const web = await t.create(deployment('slow-to-trust', { replicas: 1, image: t.images.agnhost, minReadySeconds: MIN_READY_SECONDS }));
    const [pod] = await t.step('its pod becomes Ready', () => t.eventually(podsOf(web), every(podReady(), { noun: 'pods' }), { timeout: 'podStart' }));
    const available = await t.step('then it becomes available', () => t.eventually(web, allOf(availableReplicas(1), hasCondition('Available', 'True')), { timeout: 'deploymentRollout' }));
    await t.step(`availability came at least ${MIN_READY_SECONDS}s after readiness (server timestamps)`, async () => {
      // Judged on the server's own timestamps, so neither client lag nor clock skew can blur the 10 s.
      const readyAt = transitionTime((await t.get(pod as V1Pod)).status?.conditions, 'Ready');
      const delayed = satisfies<V1Deployment>(`Available turned True ≥ ${MIN_READY_SECONDS}s after the pod turned Ready`, (d) => {
        const availableAt = transitionTime(d?.status?.conditions, 'Available');
        const seconds = (availableAt - readyAt) / 1000;
        return { ok: seconds >= MIN_READY_SECONDS - TIMESTAMP_RESOLUTION_S, observed: `Available at ${new Date(availableAt).toISOString()}, pod Ready at ${new Date(readyAt).toISOString()} (${seconds}s)` };
      });
      expectThat(available, delayed, 'Deployment slow-to-trust');
    });
  },
});
