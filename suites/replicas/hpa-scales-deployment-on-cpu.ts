import { defineConformanceTest } from '../../src/catalog/types.js';
import { ConformanceFailure, deployment, every, hpa, podsOf, podRunning, rolloutComplete, specReplicas } from '../../src/framework/index.js';

/** Load on the first pod: 250m against a 100m request is 250 %, far above the 50 % target. */
const LOAD_MILLICORES = 250;
const LOAD_SECONDS = 45;

export default defineConformanceTest({
  id: 'hpa-scales-deployment-on-cpu',
  area: 'replicas',
  profile: 'extended',
  features: ['HorizontalPodAutoscaler', 'ResourceMetrics'],
  source: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
  upstream: [],
  description:
    'An autoscaling/v2 HorizontalPodAutoscaler targeting 50 % CPU utilization MUST scale its Deployment up (to maxReplicas 3) while the pods use more CPU than requested, and back down to minReplicas once the load ends.',
  brokenBy: ['hpa-never-scales'],
  needsDataPlane: true,
  async run(t) {
    if (!(await t.servesApi('metrics.k8s.io/v1beta1'))) t.notSupported('the cluster serves no resource metrics API (metrics.k8s.io), which a CPU autoscaler needs');
    const consumer = await t.create(
      deployment('consumer', { replicas: 1, image: t.images.resourceConsumer, ports: [8080], resources: { requests: { cpu: '100m' } } }),
    );
    await t.step('the workload runs', () => t.eventually(consumer, rolloutComplete(), { timeout: 'deploymentRollout' }));
    await t.create(hpa('consumer', { target: consumer, minReplicas: 1, maxReplicas: 3, cpuUtilization: 50, scaleDownStabilizationSeconds: 15 }));
    await t.step(`its pod consumes ${LOAD_MILLICORES}m CPU for ${LOAD_SECONDS}s`, async () => {
      const [loaded] = await t.eventually(podsOf(consumer), every(podRunning(), { noun: 'pods' }));
      const answer = await t.proxy(loaded!, { method: 'POST', port: 8080, path: 'ConsumeCPU', query: { millicores: LOAD_MILLICORES, durationSec: LOAD_SECONDS } });
      if (answer.statusCode !== 200) throw new ConformanceFailure(`POST …/pods/${loaded!.metadata?.name}:8080/proxy/ConsumeCPU answered ${answer.statusCode}: ${answer.body}`);
    });
    await t.step('the autoscaler scales the Deployment up to 3', () => t.eventually(consumer, specReplicas(3), { timeout: 'podStart' }));
    await t.step('after the load ends it scales back down to 1', () => t.eventually(consumer, specReplicas(1), { timeout: 'podStart' }));
  },
});
