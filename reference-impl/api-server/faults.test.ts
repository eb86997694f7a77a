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
