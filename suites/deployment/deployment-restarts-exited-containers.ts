import type { V1Pod } from '@kubernetes/client-node';
import { defineConformanceTest } from '../../src/catalog/types.js';
import { allOf, availableReplicas, ConformanceFailure, deployment, expectThat, fieldMatches, podsOf, readyReplicas, rolloutComplete, satisfies } from '../../src/framework/index.js';

const EXIT_CODE = 3;

export default defineConformanceTest({
  id: 'deployment-restarts-exited-containers',
  area: 'deployment',
  profile: 'extended',
  features: ['Deployment'],
  source: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
  upstream: [],
  description:
    "When a container of a Deployment's pod exits, the platform MUST restart it in place (restartPolicy Always: same pod, restartCount incremented, the exit recorded in lastState) until the Deployment again has all its replicas ready and available.",
  brokenBy: ['containers-never-restart'],
  needsDataPlane: true,
  async run(t) {
    const web = await t.create(deployment('resilient', { replicas: 2, image: t.images.agnhost, containerName: 'app', args: ['netexec', '--http-port=8080'], ports: [8080] }));
    const before = await t.step('2 replicas are available', async () => {
      await t.eventually(web, rolloutComplete(), { timeout: 'deploymentRollout' });
      return t.list(podsOf(web));
    });
    const victim = before[0]!;
    await t.step(`one container is told to exit with code ${EXIT_CODE}`, async () => {
      const answer = await t.proxy(victim, { method: 'GET', port: 8080, path: 'exit', query: { code: EXIT_CODE, wait: '1s' } });
      if (answer.statusCode !== 200) throw new ConformanceFailure(`GET …/pods/${victim.metadata?.name}:8080/proxy/exit answered ${answer.statusCode}: ${answer.body}`);
    });
    const restarted = fieldMatches<V1Pod>(`its container restarted after exiting with ${EXIT_CODE}`, 'status.containerStatuses', (statuses) => {
      const status = (statuses as Array<{ restartCount?: number; lastState?: { terminated?: { exitCode?: number } } }> | undefined)?.[0];
      return (status?.restartCount ?? 0) >= 1 && status?.lastState?.terminated?.exitCode === EXIT_CODE;
    });
    await t.step('the same pod restarts its container', () => t.eventually(victim, restarted, { timeout: 'podStart' }));
    await t.step('the Deployment is whole again, with the same pods', async () => {
      await t.eventually(web, allOf(readyReplicas(2), availableReplicas(2)), { timeout: 'podStart' });
      const names = (pods: V1Pod[]) => pods.map((p) => p.metadata?.name).sort().join(',');
      const samePods = satisfies<V1Pod[]>(`the same pods as before (${names(before)})`, (now) => ({ ok: names(now ?? []) === names(before), observed: names(now ?? []) }));
      expectThat(await t.list(podsOf(web)), samePods, 'pods of Deployment resilient');
    });
  },
});
