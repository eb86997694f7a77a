import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';

/** Each API server fault changes exactly the behaviour it names (the healthy behaviour is in server.test.ts). */
describe('reference API server faults', function () {
  this.timeout(30_000);
  let server: TestApiServer;
  let apps: AppsV1Api;

  const deployment = (name: string) => ({
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'pause' }] } },
    },
  });

  before(async () => {
    server = await startTestApiServer({}, ['scale-subresource-ignored', 'status-writes-change-spec', 'generation-not-bumped', 'watch-no-replay']);
    apps = server.kubeConfig.makeApiClient(AppsV1Api);
  });
  after(async () => server?.stop());

  it('scale-subresource-ignored and generation-not-bumped', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('faulty') });
    const scale = await apps.patchNamespacedDeploymentScale({ namespace: 'default', name: 'faulty', body: { spec: { replicas: 4 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(scale.spec?.replicas).to.equal(4);
    expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'faulty' })).spec?.replicas).to.equal(1);
    const patched = await apps.patchNamespacedDeployment({ namespace: 'default', name: 'faulty', body: { spec: { replicas: 2 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(patched.spec?.replicas).to.equal(2);
    expect(patched.metadata?.generation).to.equal(1);
  });

  it('status-writes-change-spec', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('leaky') });
    const written = await apps.replaceNamespacedDeploymentStatus({ namespace: 'default', name: 'leaky', body: { ...created, spec: { ...created.spec!, replicas: 9 }, status: { replicas: 1 } } });
    expect(written.spec?.replicas).to.equal(9);
    expect(written.status?.replicas).to.equal(1);
  });

  it('watch-no-replay', async () => {
    const core = server.kubeConfig.makeApiClient(CoreV1Api);
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'missed' } } });
    const res = await server.request('GET', `/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=${start.metadata!.resourceVersion}`);
    expect(res.body.trim()).to.equal('');
  });
});

/** Faults that change what a client sees of its own writes: status, apply conflicts, deletecollection. */
describe('reference API server faults on writes a client checks', function () {
  this.timeout(30_000);
  let server: TestApiServer;
  let apps: AppsV1Api;
  const replicaSet = (name: string, labels: Record<string, string> = {}) => ({
    metadata: { name, labels },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'pause' }] } } },
  });

  before(async () => {
    server = await startTestApiServer({}, ['status-subresource-ignored', 'apply-ignores-field-managers', 'deletecollection-deferred']);
    apps = server.kubeConfig.makeApiClient(AppsV1Api);
  });
  after(async () => server?.stop());

  it('status-subresource-ignored: an apps/v1 status write answers as written but is not stored', async () => {
    const created = await apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('unheard') });
    const written = await apps.replaceNamespacedReplicaSetStatus({ namespace: 'default', name: 'unheard', body: { ...created, status: { replicas: 0, observedGeneration: 7 } } });
    expect(written.status?.observedGeneration).to.equal(7);
    const read = await apps.readNamespacedReplicaSetStatus({ namespace: 'default', name: 'unheard' });
    expect(read.status?.observedGeneration).to.equal(undefined);
    expect(read.metadata?.resourceVersion).to.equal(created.metadata?.resourceVersion);
  });

  it('status-subresource-ignored leaves core status writes alone', async () => {
    const core = server.kubeConfig.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'heard' }, spec: { containers: [{ name: 'c', image: 'pause' }] } } });
    await core.replaceNamespacedPodStatus({ namespace: 'default', name: 'heard', body: { ...created, status: { phase: 'Running' } } });
    expect((await core.readNamespacedPod({ namespace: 'default', name: 'heard' })).status?.phase).to.equal('Running');
  });

  it('apply-ignores-field-managers: a second manager takes an owned field over without a conflict', async () => {
    const apply = (manager: string, replicas: number) =>
      server.request('PATCH', `/apis/apps/v1/namespaces/default/replicasets/applied?fieldManager=${manager}`, {
        body: JSON.stringify({ ...replicaSet('applied'), apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { ...replicaSet('applied').spec, replicas } }),
        headers: { 'content-type': 'application/apply-patch+yaml' },
      });
    expect((await apply('first', 1)).status).to.equal(201);
    const rival = await apply('rival', 3);
    expect(rival.status, rival.body).to.equal(200);
    expect(rival.json().spec.replicas).to.equal(3);
  });

  it('deletecollection-deferred: the objects are still listed right after Success, and gone later', async () => {
    await apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('late-a', { batch: 'late' }) });
    await apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('late-b', { batch: 'late' }) });
    await apps.deleteCollectionNamespacedReplicaSet({ namespace: 'default', labelSelector: 'batch=late' });
    const listed = async () => (await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'batch=late' })).items.length;
    expect(await listed()).to.equal(2);
    const deadline = Date.now() + 10_000;
    while ((await listed()) > 0) {
      expect(Date.now(), 'the deferred deletion never came').to.be.below(deadline);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
