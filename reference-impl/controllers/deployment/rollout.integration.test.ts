import { expect } from 'chai';
import { RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';
import type { Deployment, ReplicaSet } from './types.ts';

const NS = 'default';
const STUCK = 'webserver:404';

function deployment(name: string, replicas: number, image: string, strategy: Deployment['spec']['strategy'], extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: { name } }, strategy, template: { metadata: { labels: { name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image }] } }, ...extra },
  };
}

describe('Deployment rollouts against a running cluster', function () {
  this.timeout(90_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler], { neverReady: [STUCK] });
  });
  after(async () => {
    await cluster?.stop();
  });

  const setsOf = async (name: string) => (await cluster.client.list<ReplicaSet>(RESOURCES.replicasets, NS, { labelSelector: `name=${name}` })).items;
  const sizes = async (name: string) => Object.fromEntries((await setsOf(name)).map((rs) => [(rs.spec.template?.spec as { containers: { image: string }[] }).containers[0]!.image, rs.spec.replicas]));
  const setImage = (name: string, image: string) => cluster.client.patch(RESOURCES.deployments, NS, name, { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } }, 'strategic');

  it('scales proportionally mid-rollout: 8/5, then 20/13 at 30 replicas', async () => {
    await cluster.client.create(RESOURCES.deployments, deployment('webserver', 10, 'httpd', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }));
    await eventually('10 available', async () => ((await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'webserver')).status?.availableReplicas === 10));
    await setImage('webserver', STUCK);
    await eventually('old 8, new 5', async () => {
      const current = await sizes('webserver');
      return current.httpd === 8 && current[STUCK] === 5 ? current : undefined;
    });
    await cluster.client.patch(RESOURCES.deployments, NS, 'webserver', { spec: { replicas: 30 } }, 'merge');
    const final = await eventually('old 20, new 13', async () => {
      const current = await sizes('webserver');
      return current.httpd === 20 && current[STUCK] === 13 ? current : undefined;
    });
    expect(final).to.deep.equal({ httpd: 20, [STUCK]: 13 });
  });

  it('Recreate never runs old and new pods together', async () => {
    await cluster.client.create(RESOURCES.deployments, deployment('recreate', 3, 'agnhost', { type: 'Recreate' }));
    await eventually('3 available', async () => ((await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'recreate')).status?.availableReplicas === 3));
    const seen: string[] = [];
    let observed = 0;
    // Watch from the current resourceVersion, so no change after this point can be missed.
    const { resourceVersion } = (await cluster.client.get(RESOURCES.deployments, NS, 'recreate')).metadata;
    const watch = cluster.client.watch<Deployment>(RESOURCES.deployments, NS, { fieldSelector: 'metadata.name=recreate', resourceVersion }, (event) => {
      observed++;
      const status = event.object.status ?? {};
      if ((status.updatedReplicas ?? 0) > 0 && status.replicas !== status.updatedReplicas) seen.push(JSON.stringify(status));
    });
    try {
      await setImage('recreate', 'httpd');
      await eventually('the new ReplicaSet serves 3', async () => {
        const d = await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'recreate');
        const observed = (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
        return observed && d.status?.updatedReplicas === 3 && d.status.availableReplicas === 3 && d.status.replicas === 3;
      });
    } finally {
      watch.stop();
    }
    expect(seen).to.deep.equal([]);
    expect(observed).to.be.greaterThan(1);
  });

  it('adopts an existing ReplicaSet and continues its revision beyond 2^53, cleaning up with revisionHistoryLimit 0', async () => {
    await cluster.client.create(RESOURCES.replicasets, {
      metadata: { name: 'test-rolling-update-controller', namespace: NS, labels: { name: 'rolling' }, annotations: { 'deployment.kubernetes.io/revision': '3546343826724305832' } },
      spec: { replicas: 1, selector: { matchLabels: { name: 'rolling', pod: 'httpd' } }, template: { metadata: { labels: { name: 'rolling', pod: 'httpd' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'httpd' }] } } },
    } as KubeObject);
    await eventually('the old pod runs', async () => (await cluster.client.list(RESOURCES.pods, NS, { labelSelector: 'name=rolling' })).items.length === 1);
    const d = deployment('rolling', 1, 'agnhost', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, { revisionHistoryLimit: 0 });
    d.spec.selector = { matchLabels: { name: 'rolling' } };
    await cluster.client.create(RESOURCES.deployments, d);
    const newRS = await eventually('the new ReplicaSet has revision …833 and the old one is cleaned up', async () => {
      const sets = await setsOf('rolling');
      return sets.length === 1 && sets[0]!.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3546343826724305833' ? sets[0] : undefined;
    });
    expect(newRS.metadata.name).to.not.equal('test-rolling-update-controller');
    const done = await eventually('the rollout completes', async () => {
      const current = await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'rolling');
      return current.status?.updatedReplicas === 1 && current.status.availableReplicas === 1 && current.status.replicas === 1 ? current : undefined;
    });
    expect(done.metadata.annotations?.['deployment.kubernetes.io/revision']).to.equal('3546343826724305833');
  });

  it('records ScalingReplicaSet events and pauses without rolling out', async () => {
    await cluster.client.create(RESOURCES.deployments, deployment('pausable', 2, 'httpd', { type: 'RollingUpdate' }, { progressDeadlineSeconds: 600 }));
    await eventually('2 available', async () => ((await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'pausable')).status?.availableReplicas === 2));
    const events = (await cluster.client.list(RESOURCES.events, NS, { fieldSelector: 'involvedObject.name=pausable,reason=ScalingReplicaSet' })).items;
    expect(events.map((e) => e.message)).to.satisfy((messages: string[]) => messages.some((m) => /^Scaled up replica set pausable-\w+ from 0 to 2$/.test(m)));
    await cluster.client.patch(RESOURCES.deployments, NS, 'pausable', { spec: { paused: true } }, 'merge');
    await eventually('Progressing is Unknown/DeploymentPaused', async () => {
      const current = await cluster.client.get<Deployment>(RESOURCES.deployments, NS, 'pausable');
      return current.status?.conditions?.some((c) => c.type === 'Progressing' && c.status === 'Unknown' && c.reason === 'DeploymentPaused');
    });
    await setImage('pausable', 'agnhost');
    await cluster.client.patch(RESOURCES.deployments, NS, 'pausable', { spec: { replicas: 3 } }, 'merge');
    await eventually('scaled to 3 without a new ReplicaSet', async () => {
      const sets = await setsOf('pausable');
      return sets.length === 1 && sets[0]!.spec.replicas === 3;
    });
    await cluster.client.patch(RESOURCES.deployments, NS, 'pausable', { spec: { paused: false } }, 'merge');
    await eventually('resuming rolls out the new template', async () => (await sizes('pausable')).agnhost === 3);
  });
});
