import { expect } from 'chai';
import type { V1Deployment } from '@kubernetes/client-node';
import { RESOURCES } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import type { ReplicaSet } from './types.ts';

const NS = 'default';

function webDeployment(name: string, replicas: number, image: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image }] } },
    },
  };
}

describe('Deployment controller against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler]);
  });
  after(async () => {
    await cluster?.stop();
  });

  const replicaSetsOf = async (name: string) =>
    (await cluster.client.list<ReplicaSet>(RESOURCES.replicasets, NS)).items.filter((rs) => rs.metadata.ownerReferences?.some((ref) => ref.name === name));
  const revisions = async (name: string) =>
    Object.fromEntries((await replicaSetsOf(name)).map((rs) => [rs.spec.template?.spec?.containers && (rs.spec.template.spec.containers as { image: string }[])[0]!.image, [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas]]));

  it('creates a ReplicaSet with pod-template-hash and pods bound to nodes, then completes', async () => {
    await cluster.apps.createNamespacedDeployment({ namespace: NS, body: webDeployment('web', 3, 'httpd:1') });
    const sets = await eventually('one ReplicaSet exists', async () => ((await replicaSetsOf('web')).length === 1 ? replicaSetsOf('web') : undefined));
    const rs = sets[0]!;
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).to.match(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata.name).to.equal(`web-${hash}`);
    expect(rs.spec.selector?.matchLabels).to.deep.equal({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).to.equal('1');
    const pods = await eventually('3 pods are bound', async () => {
      const list = await cluster.core.listNamespacedPod({ namespace: NS, labelSelector: 'app=web' });
      return list.items.length === 3 && list.items.every((pod) => pod.spec?.nodeName) ? list.items : undefined;
    });
    expect(new Set(pods.map((pod) => pod.spec?.nodeName))).to.deep.equal(new Set(['node-0', 'node-1']));
    const d = await eventually('the rollout completes', async () => {
      const current = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
      return current.status?.availableReplicas === 3 && current.status.updatedReplicas === 3 ? current : undefined;
    });
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).to.equal('1');
    const progressing = d.status?.conditions?.find((condition) => condition.type === 'Progressing');
    expect(progressing).to.include({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(d.status?.conditions?.find((condition) => condition.type === 'Available')).to.include({ status: 'True', reason: 'MinimumReplicasAvailable' });
  });

  it('scales, rolls out a new template and rolls back with the right revisions', async () => {
    await cluster.client.patch(RESOURCES.deployments, NS, 'web', { spec: { replicas: 4 } }, 'merge', 'scale');
    await eventually('4 replicas are available', async () => (await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).status?.availableReplicas === 4);
    await cluster.client.patch(RESOURCES.deployments, NS, 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'httpd:2' }] } } } }, 'strategic');
    await eventually('revision 2 is rolled out', async () => {
      const state = await revisions('web');
      return state['httpd:2']?.[0] === '2' && state['httpd:2']?.[1] === 4 && state['httpd:1']?.[1] === 0 ? state : undefined;
    });
    // Rollback through the deprecated rollback annotation: the revision-1 ReplicaSet becomes revision 3.
    await cluster.client.patch(RESOURCES.deployments, NS, 'web', { metadata: { annotations: { 'deprecated.deployment.rollback.to': '1' } } }, 'merge');
    const state = await eventually('revision 1 comes back as revision 3', async () => {
      const current = await revisions('web');
      return current['httpd:1']?.[0] === '3' && current['httpd:1']?.[1] === 4 && current['httpd:2']?.[1] === 0 ? current : undefined;
    });
    expect(state['httpd:2']?.[0]).to.equal('2');
    const sets = await replicaSetsOf('web');
    expect(sets.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3')?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).to.equal('1');
    const d = await cluster.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    expect(d.metadata?.annotations?.['deprecated.deployment.rollback.to']).to.equal(undefined);
    expect(d.spec?.template.spec?.containers[0]?.image).to.equal('httpd:1');
  });
});
