import { CoreV1Api, EventsV1Api, Watch } from '@kubernetes/client-node';
import { expect } from 'chai';
import { MemoryStore } from '../store/memory-store.ts';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';

/** Watch bookmarks and expiry, and resources served in two versions from one storage. */
describe('reference API server: watch expiry, bookmarks and multi-version resources', function () {
  this.timeout(30_000);
  let server: TestApiServer;
  let core: CoreV1Api;

  before(async () => {
    server = await startTestApiServer({ store: new MemoryStore({ historyLimit: 20 }), apiServer: { bookmarkIntervalMs: 100 } });
    core = server.kubeConfig.makeApiClient(CoreV1Api);
  });
  after(async () => server?.stop());

  it('sends BOOKMARK events to clients that allow them', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const types: string[] = [];
    let done!: () => void;
    const bookmarked = new Promise<void>((resolve) => (done = resolve));
    const controller = await new Watch(server.kubeConfig).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true },
      (type, object) => {
        types.push(type);
        if (type === 'BOOKMARK') {
          expect(object.metadata.resourceVersion).to.match(/^\d+$/);
          done();
        }
      },
      () => {},
    );
    await bookmarked;
    controller.abort();
    expect(types).to.include('BOOKMARK');
  });

  it('answers a watch from a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    for (let i = 0; i < 30; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const res = await server.request('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${start.metadata!.resourceVersion}`);
    expect(res.status).to.equal(200);
    const event = JSON.parse(res.body.trim().split('\n')[0]!);
    expect(event.type).to.equal('ERROR');
    expect(event.object).to.include({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('answers a continue token of a compacted snapshot with 410', async () => {
    const first = (await server.request('GET', '/api/v1/namespaces/default/configmaps?limit=2')).json();
    for (let i = 0; i < 30; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `later-${i}` } } });
    const next = await server.request('GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(next.status).to.equal(410);
    expect(next.json().reason).to.equal('Expired');
  });

  it('serves core/v1 events as events.k8s.io/v1 and back', async () => {
    const events = server.kubeConfig.makeApiClient(EventsV1Api);
    await core.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'ev-1' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
        reason: 'Started',
        message: 'Started container',
        type: 'Normal',
        source: { component: 'kubelet' },
        count: 2,
      },
    });
    const modern = await events.readNamespacedEvent({ namespace: 'default', name: 'ev-1' });
    expect(modern.regarding?.name).to.equal('p');
    expect(modern.note).to.equal('Started container');
    expect(modern.deprecatedCount).to.equal(2);
    await events.createNamespacedEvent({
      namespace: 'default',
      body: { metadata: { name: 'ev-2' }, eventTime: new Date() as any, regarding: { kind: 'Pod', name: 'q', namespace: 'default' }, reason: 'Pulled', note: 'pulled', type: 'Normal', action: 'Pull', reportingController: 'kcert/kubelet', reportingInstance: 'node-0' },
    });
    const legacy = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=q,reason=Pulled' });
    expect(legacy.items.map((event) => event.message)).to.deep.equal(['pulled']);
  });

  it('serves HorizontalPodAutoscalers in autoscaling/v1 and v2 from one object', async () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 },
    };
    expect((await server.request('POST', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers', { body: JSON.stringify(v1) })).status).to.equal(201);
    const v2 = (await server.request('GET', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/hpa')).json();
    expect(v2.spec.metrics).to.deep.equal([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    const back = (await server.request('GET', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/hpa')).json();
    expect(back.spec.targetCPUUtilizationPercentage).to.equal(60);
  });
});
