import type { V1Deployment } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { deployment, expectThat, hasCondition, satisfies } from '../../src/framework/index.js';

const DEADLINE_SECONDS = 10;

export default defineConformanceTest({
  id: 'deployment-progress-deadline',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment',
  upstream: [],
  description:
    'A Deployment whose rollout makes no progress for progressDeadlineSeconds MUST report the condition Progressing=False with reason ProgressDeadlineExceeded, and not before the deadline has passed.',
  brokenBy: ['image-pull-never-fails', 'deployment-status-not-updated'],
  async run(t) {
    const stalled = await t.create(deployment('stalled', { replicas: 1, image: t.images.nonexistentRedisSlave, progressDeadlineSeconds: DEADLINE_SECONDS }));
    const exceeded = await t.step(`after the ${DEADLINE_SECONDS}s deadline it reports ProgressDeadlineExceeded`, () =>
      t.eventually(stalled, hasCondition('Progressing', 'False', 'ProgressDeadlineExceeded'), { timeout: 'deploymentRollout' }),
    );
    await t.step('the condition was set no earlier than the deadline (server timestamps)', async () => {
      const createdAt = Date.parse(String(exceeded.metadata?.creationTimestamp));
      const afterDeadline = satisfies<V1Deployment>(`Progressing=False set ≥ ${DEADLINE_SECONDS}s after creation`, (d) => {
        const setAt = Date.parse(String(d?.status?.conditions?.find((c) => c.type === 'Progressing')?.lastTransitionTime));
        // One second of slack: both timestamps have one-second resolution.
        return { ok: (setAt - createdAt) / 1000 >= DEADLINE_SECONDS - 1, observed: `created ${new Date(createdAt).toISOString()}, condition set ${new Date(setAt).toISOString()}` };
      });
      expectThat(exceeded, afterDeadline, 'Deployment stalled');
    });
  },
});
