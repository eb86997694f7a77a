import { ApiException, AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';

/** API semantics through @kubernetes/client-node and raw HTTPS against a real server instance. */
describe('reference API server', function () {
  this.timeout(30_000);
  let server: TestApiServer;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  before(async () => {
    server = await startTestApiServer();
    core = server.kubeConfig.makeApiClient(CoreV1Api);
    apps = server.kubeConfig.makeApiClient(AppsV1Api);
  });
  after(async () => server?.stop());

  async function statusOf(promise: Promise<unknown>): Promise<{ code: number; body: any }> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiException) return { code: error.code, body: JSON.parse(error.body as unknown as string) };
      throw error;
    }
    throw new Error('expected the request to fail');
  }

  const deployment = (name: string, replicas = 1) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] } },
    },
  });

  describe('security and the HTTP edge', () => {
    it('answers 401 with a Status to requests without a valid token', async () => {
      for (const token of [null, 'wrong-token']) {
        const res = await server.request('GET', '/api/v1/namespaces', { token });
        expect(res.status).to.equal(401);
        expect(res.json()).to.include({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      }
    });

    it('serves /version, /healthz, /livez and /readyz', async () => {
      const version = (await server.request('GET', '/version')).json();
      expect(version.major).to.match(/^\d+$/);
      expect(version.minor).to.match(/^\d+$/);
      for (const path of ['/healthz', '/livez', '/readyz']) expect((await server.request('GET', path)).body).to.equal('ok');
    });

    it('refuses bodies over the size limit with 413 and malformed bodies with 400', async () => {
      const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'a'.repeat(4 * 1024 * 1024) } });
      const tooLarge = await server.request('POST', '/api/v1/namespaces/default/configmaps', { body: big });
      expect(tooLarge.status).to.equal(413);
      const malformed = await server.request('POST', '/api/v1/namespaces/default/configmaps', { body: '{"metadata": ' });
      expect(malformed.status).to.equal(400);
      expect(malformed.json().kind).to.equal('Status');
      const yaml = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n',
        headers: { 'content-type': 'application/yaml' },
      });
      expect(yaml.status).to.equal(201);
    });
  });

  describe('CRUD', () => {
    it('creates with uid, creationTimestamp, resourceVersion and generateName', async () => {
      const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'gen-' }, data: { a: '1' } } });
      expect(created.metadata?.name).to.match(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(created.metadata?.uid).to.match(/^[0-9a-f-]{36}$/);
      expect(created.metadata?.creationTimestamp).to.be.instanceOf(Date);
      expect(Number(created.metadata?.resourceVersion)).to.be.greaterThan(0);
    });

    it('answers 409 AlreadyExists, 404 NotFound and 409 Conflict on a stale resourceVersion', async () => {
      const first = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'crud' }, data: { v: '1' } } });
      const exists = await statusOf(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'crud' } } }));
      expect(exists.code).to.equal(409);
      expect(exists.body.reason).to.equal('AlreadyExists');
      const missing = await statusOf(core.readNamespacedConfigMap({ namespace: 'default', name: 'nope' }));
      expect(missing.code).to.equal(404);
      expect(missing.body.message).to.equal('configmaps "nope" not found');
      const second = await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'crud', body: { ...first, data: { v: '2' } } });
      expect(Number(second.metadata!.resourceVersion)).to.be.greaterThan(Number(first.metadata!.resourceVersion));
      const stale = await statusOf(core.replaceNamespacedConfigMap({ namespace: 'default', name: 'crud', body: { ...first, data: { v: '3' } } }));
      expect(stale.code).to.equal(409);
      expect(stale.body.reason).to.equal('Conflict');
      expect(stale.body.message).to.contain('the object has been modified');
      const unconditional = await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'crud', body: { metadata: { name: 'crud' }, data: { v: '4' } } });
      expect(unconditional.data).to.deep.equal({ v: '4' });
      expect(unconditional.metadata?.uid).to.equal(first.metadata?.uid);
    });

    it('bumps generation on spec changes only and keeps status out of spec writes', async () => {
      const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('gen') });
      expect(created.metadata?.generation).to.equal(1);
      const labelled = await apps.patchNamespacedDeployment(
        { namespace: 'default', name: 'gen', body: { metadata: { labels: { extra: 'x' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(labelled.metadata?.generation).to.equal(1);
      const scaled = await apps.patchNamespacedDeployment(
        { namespace: 'default', name: 'gen', body: { spec: { replicas: 3 }, status: { replicas: 99 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(scaled.metadata?.generation).to.equal(2);
      expect(scaled.status?.replicas).to.equal(undefined);
      const status = await apps.replaceNamespacedDeploymentStatus({ namespace: 'default', name: 'gen', body: { ...scaled, spec: { ...scaled.spec!, replicas: 7 }, status: { replicas: 2, observedGeneration: 2 } } });
      expect(status.status?.replicas).to.equal(2);
      expect(status.spec?.replicas).to.equal(3);
      expect(status.metadata?.generation).to.equal(2);
    });

    it('serves the scale subresource as autoscaling/v1 Scale', async () => {
      await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('scaled', 2) });
      const scale = await apps.readNamespacedDeploymentScale({ namespace: 'default', name: 'scaled' });
      expect(scale.spec?.replicas).to.equal(2);
      expect(scale.status?.selector).to.equal('app=scaled');
      await apps.patchNamespacedDeploymentScale({ namespace: 'default', name: 'scaled', body: { spec: { replicas: 5 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'scaled' })).spec?.replicas).to.equal(5);
      const negative = await statusOf(apps.replaceNamespacedDeploymentScale({ namespace: 'default', name: 'scaled', body: { metadata: { name: 'scaled' }, spec: { replicas: -1 } } }));
      expect(negative.code).to.equal(422);
    });

    it('refuses unknown fields under Strict, warns and drops them otherwise, and refuses wrong types', async () => {
      const body = JSON.stringify({ metadata: { name: 'fields' }, data: { a: 'b' }, bogus: 1 });
      const strict = await server.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body });
      expect(strict.status).to.equal(400);
      expect(strict.json().message).to.contain('strict decoding error: unknown field "bogus"');
      const warned = await server.request('POST', '/api/v1/namespaces/default/configmaps', { body });
      expect(warned.status).to.equal(201);
      expect(String(warned.headers.warning)).to.contain('unknown field \\"bogus\\"');
      expect(warned.json()).to.not.have.property('bogus');
      const typed = await server.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: JSON.stringify({ ...deployment('typed'), spec: { ...deployment('typed').spec, replicas: 'two' } }) });
      expect(typed.status).to.equal(400);
      expect(typed.json().message).to.contain('spec.replicas');
    });

    it('labels namespaces with their name and answers SelfSubjectAccessReviews', async () => {
      const ns = await core.createNamespace({ body: { metadata: { name: 'labelled' } } });
      expect(ns.metadata?.labels).to.deep.equal({ 'kubernetes.io/metadata.name': 'labelled' });
      const review = await server.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } }),
      });
      expect(review.status).to.equal(201);
      expect(review.json().status.allowed).to.equal(true);
    });

    it('honours dryRun=All without storing anything', async () => {
      const dry = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'dry' } }, dryRun: 'All' });
      expect(dry.metadata?.name).to.equal('dry');
      expect((await statusOf(core.readNamespacedConfigMap({ namespace: 'default', name: 'dry' }))).code).to.equal(404);
    });
  });

  describe('lists and selectors', () => {
    before(async () => {
      await core.createNamespace({ body: { metadata: { name: 'paging' } } });
      for (let i = 0; i < 7; i++) {
        await core.createNamespacedConfigMap({ namespace: 'paging', body: { metadata: { name: `cm-${i}`, labels: { parity: i % 2 ? 'odd' : 'even', index: String(i) } } } });
      }
    });

    it('pages with limit and continue from one snapshot', async () => {
      const first = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 3 });
      expect(first.items.map((cm) => cm.metadata?.name)).to.deep.equal(['cm-0', 'cm-1', 'cm-2']);
      expect(first.metadata?._continue).to.be.a('string');
      expect(first.metadata?.remainingItemCount).to.equal(4);
      await core.createNamespacedConfigMap({ namespace: 'paging', body: { metadata: { name: 'cm-9' } } });
      const second = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 3, _continue: first.metadata!._continue });
      const third = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 3, _continue: second.metadata!._continue });
      expect([...second.items, ...third.items].map((cm) => cm.metadata?.name)).to.deep.equal(['cm-3', 'cm-4', 'cm-5', 'cm-6']);
      expect(third.metadata?._continue).to.equal(undefined);
      expect(second.metadata?.resourceVersion).to.equal(first.metadata?.resourceVersion);
    });

    it('filters by label selector (equality and set-based) and field selector', async () => {
      const names = async (labelSelector?: string, fieldSelector?: string) =>
        (await core.listNamespacedConfigMap({ namespace: 'paging', labelSelector, fieldSelector })).items.map((cm) => cm.metadata?.name);
      expect(await names('parity=odd')).to.deep.equal(['cm-1', 'cm-3', 'cm-5']);
      expect(await names('index in (0,6),parity!=odd')).to.deep.equal(['cm-0', 'cm-6']);
      expect(await names('!parity')).to.deep.equal(['cm-9']);
      expect(await names(undefined, 'metadata.name=cm-4')).to.deep.equal(['cm-4']);
      expect(await names('parity=even', 'metadata.name!=cm-0')).to.deep.equal(['cm-2', 'cm-4', 'cm-6']);
      const unknown = await statusOf(core.listNamespacedConfigMap({ namespace: 'paging', fieldSelector: 'spec.foo=bar' }));
      expect(unknown.code).to.equal(400);
    });

    it('deletes a collection by label selector', async () => {
      await core.deleteCollectionNamespacedConfigMap({ namespace: 'paging', labelSelector: 'parity=odd' });
      const left = await core.listNamespacedConfigMap({ namespace: 'paging' });
      expect(left.items.map((cm) => cm.metadata?.name)).to.deep.equal(['cm-0', 'cm-2', 'cm-4', 'cm-6', 'cm-9']);
    });
  });

  describe('watch', () => {
    it('replays from a resourceVersion, filters by label and ends on abort', async () => {
      await core.createNamespace({ body: { metadata: { name: 'watching' } } });
      const start = await core.listNamespacedConfigMap({ namespace: 'watching' });
      await core.createNamespacedConfigMap({ namespace: 'watching', body: { metadata: { name: 'w1', labels: { watch: 'yes' } } } });
      await core.createNamespacedConfigMap({ namespace: 'watching', body: { metadata: { name: 'w2' } } });
      const events: string[] = [];
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const controller = await new Watch(server.kubeConfig).watch(
        '/api/v1/namespaces/watching/configmaps',
        { resourceVersion: start.metadata!.resourceVersion, labelSelector: 'watch=yes' },
        (type, object) => {
          events.push(`${type} ${object.metadata.name}`);
          if (events.length === 3) done();
        },
        () => {},
      );
      await core.patchNamespacedConfigMap({ namespace: 'watching', name: 'w1', body: { metadata: { labels: { watch: 'no' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await core.patchNamespacedConfigMap({ namespace: 'watching', name: 'w2', body: { metadata: { labels: { watch: 'yes' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await finished;
      controller.abort();
      expect(events).to.deep.equal(['ADDED w1', 'DELETED w1', 'ADDED w2']);
    });

    it('starts with the current objects when no resourceVersion is given', async () => {
      const res = await server.request('GET', '/api/v1/namespaces?watch=true&timeoutSeconds=1');
      const lines = res.body.trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((event) => event.type)).to.include('ADDED');
      expect(lines.map((event) => event.object.metadata.name)).to.include('kube-system');
    });
  });

  describe('deletion', () => {
    it('keeps an object with finalizers until they are removed', async () => {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'final', finalizers: ['example.com/hold'] } } });
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'final' });
      const held = await core.readNamespacedConfigMap({ namespace: 'default', name: 'final' });
      expect(held.metadata?.deletionTimestamp).to.be.instanceOf(Date);
      await core.patchNamespacedConfigMap({ namespace: 'default', name: 'final', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
      expect((await statusOf(core.readNamespacedConfigMap({ namespace: 'default', name: 'final' }))).code).to.equal(404);
    });

    it('adds propagation finalizers for Foreground and Orphan', async () => {
      await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('fg') });
      await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'fg', propagationPolicy: 'Foreground' });
      expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'fg' })).metadata?.finalizers).to.deep.equal(['foregroundDeletion']);
      await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('orphan') });
      await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'orphan', propagationPolicy: 'Orphan' });
      expect((await apps.readNamespacedDeployment({ namespace: 'default', name: 'orphan' })).metadata?.finalizers).to.deep.equal(['orphan']);
    });

    it('gives scheduled pods a grace period and removes them on a grace-0 delete', async () => {
      const pod = { metadata: { name: 'graceful' }, spec: { nodeName: 'node-0', containers: [{ name: 'c', image: 'busybox' }] } };
      await core.createNamespacedPod({ namespace: 'default', body: pod });
      await core.deleteNamespacedPod({ namespace: 'default', name: 'graceful' });
      const terminating = await core.readNamespacedPod({ namespace: 'default', name: 'graceful' });
      expect(terminating.metadata?.deletionGracePeriodSeconds).to.equal(30);
      await core.deleteNamespacedPod({ namespace: 'default', name: 'graceful', gracePeriodSeconds: 0 });
      expect((await statusOf(core.readNamespacedPod({ namespace: 'default', name: 'graceful' }))).code).to.equal(404);
    });

    it('moves a deleted namespace to Terminating and refuses new content in it', async () => {
      await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
      await core.deleteNamespace({ name: 'doomed' });
      const ns = await core.readNamespace({ name: 'doomed' });
      expect(ns.status?.phase).to.equal('Terminating');
      expect(ns.spec?.finalizers).to.deep.equal(['kubernetes']);
      const refused = await statusOf(core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }));
      expect(refused.code).to.equal(403);
      expect(refused.body.message).to.contain('because it is being terminated');
      await core.replaceNamespaceFinalize({ name: 'doomed', body: { ...ns, spec: { finalizers: [] } } });
      expect((await statusOf(core.readNamespace({ name: 'doomed' }))).code).to.equal(404);
      expect((await statusOf(core.deleteNamespace({ name: 'default' }))).code).to.equal(403);
    });
  });

  describe('discovery and tables', () => {
    it('negotiates aggregated discovery v2, v2beta1 and legacy JSON by Accept order', async () => {
      const v2 = await server.request('GET', '/apis', { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
      expect(v2.headers['content-type']).to.equal('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      const appsGroup = v2.json().items.find((item: any) => item.metadata.name === 'apps');
      const deployments = appsGroup.versions[0].resources.find((r: any) => r.resource === 'deployments');
      expect(deployments.subresources.find((s: any) => s.subresource === 'scale').responseKind).to.deep.equal({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
      const beta = await server.request('GET', '/api', { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' } });
      expect(beta.json().apiVersion).to.equal('apidiscovery.k8s.io/v2beta1');
      const legacy = await server.request('GET', '/apis', { headers: { accept: 'application/json' } });
      expect(legacy.json().kind).to.equal('APIGroupList');
      const list = (await server.request('GET', '/apis/apps/v1')).json();
      expect(list.resources.find((r: any) => r.name === 'deployments/scale')).to.include({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    });

    it('answers Table requests with the columns kubectl shows', async () => {
      const res = await server.request('GET', '/apis/apps/v1/namespaces/default/deployments', {
        headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
      });
      const table = res.json();
      expect(table.kind).to.equal('Table');
      expect(table.columnDefinitions.map((c: any) => c.name).slice(0, 5)).to.deep.equal(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
      expect(table.rows[0].object.kind).to.equal('PartialObjectMetadata');
      const only = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
        body: JSON.stringify({ metadata: { name: 'tbl' } }),
        headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
      });
      expect(only.status).to.equal(406);
    });

    it('bootstraps the kubernetes Service, Endpoints and EndpointSlice', async () => {
      const svc = await core.readNamespacedService({ namespace: 'default', name: 'kubernetes' });
      expect(svc.spec?.clusterIP).to.equal(server.network.kubernetesServiceIP);
      const endpoints = await core.readNamespacedEndpoints({ namespace: 'default', name: 'kubernetes' });
      expect(endpoints.subsets?.[0]?.ports?.[0]?.port).to.equal(Number(new URL(server.url).port));
    });
  });
});
