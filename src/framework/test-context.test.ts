import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { expect } from 'chai';
import { CheckError, ConformanceFailure } from '../errors.js';
import type { StepRecord, TestContextOptions } from './context.js';
import { IMAGES } from './images.js';
import { satisfies } from './predicate.js';
import { availableReplicas, hasLabel } from './predicates.js';
import { probe } from './probe.js';
import { count, pods } from './selection.js';
import { createTestContext } from './test-context.js';

/** A tiny stand-in API server: enough routes to exercise the context's waits, retries and evidence. */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('createTestContext (against a stand-in API server)', function () {
  this.timeout(20_000);
  let server: Server;
  let routes: Map<string, Handler>;
  let kubeConfig: KubeConfig;
  const requests: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const key = `${req.method} ${req.url?.split('?')[0]}`;
        requests.push(`${key} ${req.headers.authorization ?? ''}`);
        const handler = routes.get(key);
        if (handler) handler(req, res, body);
        else json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${key} not found` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    routes = new Map();
    requests.length = 0;
  });

  function makeContext(scale = 1) {
    const steps: StepRecord[] = [];
    const options: TestContextOptions = {
      kubeConfig,
      namespace: 'kcert-test',
      runId: 'r1',
      timeoutScale: scale,
      images: IMAGES,
      observer: { stepStarted: () => {}, stepFinished: (step) => steps.push(step), log: () => {} },
      signal: new AbortController().signal,
    };
    return { ...createTestContext(options), steps };
  }

  const web: V1Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };

  it('creates in the test namespace with the bearer token, and waits until a predicate holds', async () => {
    let reads = 0;
    routes.set('POST /apis/apps/v1/namespaces/kcert-test/deployments', (_req, res, body) => json(res, 201, JSON.parse(body)));
    routes.set('GET /apis/apps/v1/namespaces/kcert-test/deployments/web', (_req, res) =>
      json(res, 200, { ...web, metadata: { name: 'web', namespace: 'kcert-test' }, status: { availableReplicas: ++reads >= 3 ? 3 : 1 } }),
    );
    const { context, steps } = makeContext();
    const created = await context.create(web);
    expect(created.metadata?.namespace).to.equal('kcert-test');
    const seen = await context.step('3 replicas become available', () => context.eventually(created, availableReplicas(3)));
    expect(seen.status?.availableReplicas).to.equal(3);
    expect(reads).to.equal(3);
    expect(requests[0]).to.contain('Bearer secret-token');
    expect(steps.map((s) => [s.name, s.outcome])).to.deep.equal([['3 replicas become available', 'passed']]);
  });

  it('fails a wait with the expected condition, the last observation and the object', async () => {
    routes.set('GET /apis/apps/v1/namespaces/kcert-test/deployments/web', (_req, res) => json(res, 200, { ...web, status: { availableReplicas: 1 } }));
    const { context, steps } = makeContext(0.0005); // 60 s short timeout → 30 ms
    const error = await context.step('never', () => context.eventually(web, availableReplicas(3))).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConformanceFailure);
    expect((error as Error).message).to.match(/Deployment kcert-test\/web: expected 3 available replicas within .*; last observed status\.availableReplicas = 1/);
    expect(steps[0]?.outcome).to.equal('failed');
  });

  it('retries transient 503s and answers once the server recovers', async () => {
    let calls = 0;
    routes.set('GET /api/v1/namespaces/kcert-test/pods', (_req, res) =>
      ++calls < 3 ? json(res, 503, { kind: 'Status', reason: 'ServiceUnavailable', code: 503 }) : json(res, 200, { items: [{ metadata: { name: 'p1' } }] }),
    );
    const { context } = makeContext();
    const items = await context.eventually(pods({ app: 'web' }), count(1, 'pods'));
    expect(items).to.have.length(1);
    expect(calls).to.equal(3);
  });

  it('turns a persistent 5xx into CheckError, never a conformance failure', async () => {
    routes.set('GET /api/v1/namespaces/kcert-test/pods', (_req, res) => json(res, 500, { kind: 'Status', reason: 'InternalError', code: 500 }));
    const { context } = makeContext(0.01); // apiCall budget 600 ms
    const error = await context.list(pods({ app: 'web' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CheckError);
    expect((error as Error).message).to.contain('kept failing with a transient error');
  });

  it('reports an unexpected API refusal as a failure naming the request and the server message', async () => {
    routes.set('PATCH /apis/apps/v1/namespaces/kcert-test/deployments/web/scale', (req, res) =>
      json(res, 415, { kind: 'Status', reason: 'UnsupportedMediaType', code: 415, message: `no ${req.headers['content-type']}` }),
    );
    const { context } = makeContext();
    const error = await context.patch(web, { type: 'strategic', body: { spec: { replicas: 4 } } }, 'scale').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConformanceFailure);
    expect((error as Error).message).to.equal(
      'PATCH /apis/apps/v1/namespaces/kcert-test/deployments/web/scale answered 415 UnsupportedMediaType: no application/strategic-merge-patch+json',
    );
  });

  it('reports refused credentials (403) as CheckError, not as a conformance failure', async () => {
    routes.set('GET /api/v1/namespaces/kcert-test/pods', (_req, res) => json(res, 403, { kind: 'Status', reason: 'Forbidden', code: 403, message: 'pods is forbidden' }));
    const { context } = makeContext();
    const error = await context.list(pods({ app: 'web' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CheckError);
    expect((error as Error).message).to.contain('pods is forbidden');
  });

  it('consistently fails at the first poll that breaks the condition', async () => {
    let reads = 0;
    routes.set('GET /apis/apps/v1/namespaces/kcert-test/deployments/web', (_req, res) =>
      json(res, 200, { ...web, metadata: { name: 'web', labels: { phase: ++reads > 2 ? 'changed' : 'stable' } } }),
    );
    const { context } = makeContext();
    const error = await context.consistently(web, hasLabel('phase', 'stable'), { forMs: 5_000 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConformanceFailure);
    expect((error as Error).message).to.contain('expected label phase=stable throughout 5s');
    expect(reads).to.equal(3);
  });

  it('collects events, objects and container logs as evidence', async () => {
    routes.set('GET /api/v1/namespaces/kcert-test/events', (_req, res) =>
      json(res, 200, { items: [{ type: 'Warning', reason: 'FailedCreate', message: 'quota exceeded', involvedObject: { kind: 'ReplicaSet', name: 'web-1' }, lastTimestamp: '2026-01-01T00:00:00Z' }] }),
    );
    routes.set('GET /api/v1/namespaces/kcert-test/pods', (_req, res) =>
      json(res, 200, { items: [{ metadata: { name: 'web-1-abcde' }, spec: { containers: [{ name: 'httpd', image: IMAGES.httpd }] }, status: { phase: 'Running' } }] }),
    );
    routes.set('GET /api/v1/namespaces/kcert-test/pods/web-1-abcde/log', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('AH00558: httpd started\n');
    });
    const { collectEvidence } = makeContext();
    const evidence = await collectEvidence();
    expect(evidence.events[0]).to.equal('2026-01-01T00:00:00Z Warning FailedCreate ReplicaSet/web-1: quota exceeded');
    expect(evidence.objects).to.deep.include({ kind: 'Pod', name: 'web-1-abcde', status: { status: { phase: 'Running' } } });
    expect(evidence.logs).to.deep.equal([{ pod: 'web-1-abcde', container: 'httpd', text: 'AH00558: httpd started\n' }]);
  });

  it('guards an invariant over a watch, resuming the watch from the last resourceVersion when the server closes it', async () => {
    const watchVersions: Array<string | null> = [];
    const frame = (type: string, replicas: number, updated: number, rv: string) =>
      `${JSON.stringify({ type, object: { ...web, metadata: { name: 'web', resourceVersion: rv }, status: { replicas, updatedReplicas: updated } } })}\n`;
    routes.set('GET /apis/apps/v1/namespaces/kcert-test/deployments', (req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      if (url.searchParams.get('watch') !== 'true') {
        return json(res, 200, { metadata: { resourceVersion: '10' }, items: [{ ...web, metadata: { name: 'web', resourceVersion: '10' }, status: { replicas: 1, updatedReplicas: 0 } }] });
      }
      watchVersions.push(url.searchParams.get('resourceVersion'));
      res.writeHead(200, { 'content-type': 'application/json' });
      // First connection: one good state, then the server ends the watch. Second: the violation.
      if (watchVersions.length === 1) res.end(frame('MODIFIED', 1, 1, '11'));
      else res.end(frame('MODIFIED', 2, 1, '12'));
    });
    const { context, dispose } = makeContext();
    const invariant = satisfies<V1Deployment>('never old and new pods together', (d) => ({
      ok: (d?.status?.updatedReplicas ?? 0) === 0 || d?.status?.replicas === d?.status?.updatedReplicas,
      observed: `status.replicas = ${d?.status?.replicas}, status.updatedReplicas = ${d?.status?.updatedReplicas}`,
    }));
    const guard = await context.guard(web, invariant);
    // A wait running while the guard is broken ends with the guard's failure, not its own timeout.
    const never = satisfies<number>('never', () => ({ ok: false, observed: 'waiting' }));
    const waited = await context.eventually(probe('anything', async () => 0), never).catch((e: unknown) => e);
    const error = await guard.stop().catch((e: unknown) => e);
    await dispose();
    expect(watchVersions.slice(0, 2)).to.deep.equal(['10', '11']);
    for (const failure of [waited, error]) {
      expect(failure).to.be.instanceOf(ConformanceFailure);
      expect((failure as Error).message).to.match(/expected never old and new pods together at all times; at .*s into the window observed status.replicas = 2, status.updatedReplicas = 1/);
    }
  });

  it('runs deferred cleanups last-first on dispose', async () => {
    const order: number[] = [];
    const { context, dispose } = makeContext();
    context.defer(async () => void order.push(1));
    context.defer(async () => void order.push(2));
    await dispose();
    expect(order).to.deep.equal([2, 1]);
  });
});
