import { connect } from 'node:tls';
import { expect } from 'chai';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';
import { seededRandom } from '../testing/seeded-random.ts';

/**
 * Fuzz-style robustness: several hundred malformed, oversized and wrongly typed requests, each
 * of which must get a 4xx Status — never a 5xx, a hang or a crash. Cases are generated from a
 * fixed seed, so a failure names a reproducible case.
 */
interface Case {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  token?: string | null;
}

const COLLECTIONS = [
  { path: '/api/v1/namespaces/default/configmaps', apiVersion: 'v1', kind: 'ConfigMap' },
  { path: '/api/v1/namespaces/default/pods', apiVersion: 'v1', kind: 'Pod' },
  { path: '/api/v1/namespaces/default/services', apiVersion: 'v1', kind: 'Service' },
  { path: '/api/v1/namespaces', apiVersion: 'v1', kind: 'Namespace' },
  { path: '/apis/apps/v1/namespaces/default/deployments', apiVersion: 'apps/v1', kind: 'Deployment' },
  { path: '/apis/apps/v1/namespaces/default/replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { path: '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  { path: '/apis/coordination.k8s.io/v1/namespaces/default/leases', apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
];

const VALID_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'fuzz', labels: { app: 'fuzz' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'fuzz' } },
    template: { metadata: { labels: { app: 'fuzz' } }, spec: { containers: [{ name: 'c', image: 'pause', ports: [{ containerPort: 80 }] }] } },
  },
};

function buildCases(): Case[] {
  const random = seededRandom(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const cases: Case[] = [];
  const valid = JSON.stringify(VALID_DEPLOYMENT);

  // Truncated JSON: every prefix of an object is invalid.
  for (let i = 0; i < 60; i++) {
    const cut = 1 + Math.floor(random() * (valid.length - 2));
    const target = pick(COLLECTIONS);
    cases.push({ name: `truncated json at ${cut}`, method: pick(['POST', 'POST', 'PUT']), path: target.path + (random() < 0.3 ? '/fuzz' : ''), body: valid.slice(0, cut) });
  }
  // Not an object at all.
  for (const body of ['[]', '[1,2]', '42', '"text"', 'null', 'true', '', ' ', '{]', '{"a":}', '\u0000\u0001', '{"metadata":{"name":"x"}}}']) {
    for (const target of COLLECTIONS.slice(0, 4)) cases.push({ name: `non-object ${JSON.stringify(body)}`, method: 'POST', path: target.path, body });
  }
  // Wrongly typed metadata.
  const badMetadata: unknown[] = [
    [], 'meta', 7, { name: 5 }, { name: { a: 1 } }, { name: ['x'] }, { labels: ['a'] }, { labels: 'a=b' }, { labels: { a: 1 } }, { annotations: { a: false } },
    { finalizers: 'x' }, { finalizers: [1] }, { ownerReferences: { a: 1 } }, { ownerReferences: ['x'] }, { generation: 'one' }, { namespace: 3 },
    { name: 'UPPER' }, { name: 'a'.repeat(300) }, { name: 'with/slash' }, { name: '..' }, { generateName: 7 }, {},
  ];
  for (const metadata of badMetadata) {
    const target = pick(COLLECTIONS);
    cases.push({ name: `metadata ${JSON.stringify(metadata).slice(0, 40)}`, method: 'POST', path: target.path, body: JSON.stringify({ apiVersion: target.apiVersion, kind: target.kind, metadata }) });
  }
  // Wrong apiVersion/kind.
  for (const target of COLLECTIONS) {
    cases.push({ name: `wrong kind for ${target.kind}`, method: 'POST', path: target.path, body: JSON.stringify({ apiVersion: target.apiVersion, kind: 'Banana', metadata: { name: 'x' } }) });
    cases.push({ name: `wrong apiVersion for ${target.kind}`, method: 'POST', path: target.path, body: JSON.stringify({ apiVersion: 'fruit/v9', kind: target.kind, metadata: { name: 'x' } }) });
    cases.push({ name: `numeric kind for ${target.kind}`, method: 'POST', path: target.path, body: JSON.stringify({ apiVersion: target.apiVersion, kind: 5, metadata: { name: 'x' } }) });
  }
  // Wrongly typed spec fields.
  const mutations: Array<[string, (d: any) => void]> = [
    ['replicas string', (d) => (d.spec.replicas = 'three')],
    ['replicas float', (d) => (d.spec.replicas = 1.5)],
    ['spec string', (d) => (d.spec = 'nope')],
    ['containers object', (d) => (d.spec.template.spec.containers = { name: 'c' })],
    ['container name number', (d) => (d.spec.template.spec.containers[0].name = 5)],
    ['ports string', (d) => (d.spec.template.spec.containers[0].ports = '80')],
    ['containerPort string', (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 'eighty')],
    ['selector array', (d) => (d.spec.selector = ['app'])],
    ['matchLabels values numbers', (d) => (d.spec.selector.matchLabels = { app: 1 })],
    ['paused string', (d) => (d.spec.paused = 'yes')],
    ['strategy number', (d) => (d.spec.strategy = 3)],
    ['template labels mismatch', (d) => (d.spec.template.metadata.labels = { app: 'other' })],
    ['negative replicas', (d) => (d.spec.replicas = -4)],
    ['missing containers', (d) => (d.spec.template.spec.containers = [])],
  ];
  for (const [label, mutate] of mutations) {
    const body = structuredClone(VALID_DEPLOYMENT) as any;
    body.metadata.name = `fuzz-${cases.length}`;
    mutate(body);
    cases.push({ name: `deployment ${label}`, method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: JSON.stringify(body) });
  }
  // Oversized bodies.
  for (let i = 0; i < 4; i++) {
    const size = 3 * 1024 * 1024 + 1 + Math.floor(random() * 1024);
    cases.push({ name: `oversized ${size}`, method: 'POST', path: pick(COLLECTIONS).path, body: Buffer.alloc(size, 0x61) });
  }
  // Bad query parameters.
  const badQueries = [
    'limit=abc', 'limit=1.5', 'continue=garbage', 'continue=eyJ2IjoxfQ', `continue=${Buffer.from(JSON.stringify({ v: 'kcert/1', rv: 99999999, start: '/registry/configmaps/default/a' })).toString('base64url')}`, 'labelSelector=a%20in%20(', 'labelSelector=%3D%3D%3D', 'labelSelector=a%3Db%3Dc',
    'labelSelector=!', 'labelSelector=a%20notin', 'fieldSelector=spec.unknown%3D1', 'fieldSelector=%3D%3D', 'fieldSelector=metadata.name',
    'watch=true&resourceVersion=abc', 'watch=true&labelSelector=a%20in%20(', 'watch=1&fieldSelector=bogus%3D1', 'labelSelector=key%3Dvalue%20with%20space',
  ];
  for (const query of badQueries) {
    for (const target of COLLECTIONS.slice(0, 3)) cases.push({ name: `query ${query}`, method: 'GET', path: `${target.path}?${query}` });
  }
  cases.push({ name: 'fieldValidation bogus', method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Bogus', body: '{"metadata":{"name":"fv"}}' });
  cases.push({ name: 'strict unknown field', method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body: '{"metadata":{"name":"fv"},"bogus":1}' });
  cases.push({ name: 'strict duplicate field', method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body: '{"metadata":{"name":"fv"},"data":{},"data":{}}' });
  // Unknown paths and resources.
  const badPaths = [
    '/apis/nope/v1/things', '/api/v2/pods', '/api/v1/namespaces/default/nothings', '/api/v1/namespaces/default/pods/x/bogus', '/api/v1/pods/x',
    '/api/v1/namespaces/%ZZ/pods', '/apis/apps/v9/deployments', '/apis/apps/v1/namespaces/default/deployments/missing/scale', '/nonexistent',
    '/api/v1/nodes/n1/status', '/apis/apps/v1/namespaces/default/configmaps', '/api/v1/namespaces/default/configmaps/missing',
    '/apis/unknown', '/api/v1/namespaces/default/pods/missing/log', '/openapi/v3/apis/nope/v1', '/api/v1/namespaces/default/services/missing/proxy/x',
    '/api/v1/namespaces/a/namespaces', '/apis/apps/v1/deployments/x', '/api/v1/namespaces/default/pods/missing/status',
    '/api/v1/namespaces//configmaps', '/api/v1/namespaces/default%2Fx/configmaps', '/api/v1/namespaces/default/configmaps/a%2Fb',
  ];
  for (const path of badPaths) cases.push({ name: `path ${path}`, method: 'GET', path });
  // Methods the resource does not allow.
  const badMethods: Array<[string, string]> = [
    ['PUT', '/api/v1/namespaces/default/configmaps'], ['POST', '/api/v1/namespaces/default/configmaps/named'], ['DELETE', '/api'], ['POST', '/apis'],
    ['OPTIONS', '/api/v1/namespaces/default/configmaps'], ['TRACE', '/api/v1/namespaces'], ['PATCH', '/api/v1/namespaces/default/configmaps'],
    ['POST', '/api/v1/namespaces/default/pods/missing/binding'], ['GET', '/api/v1/namespaces/default/pods/x/binding'], ['PUT', '/version'],
  ];
  for (const [method, path] of badMethods) cases.push({ name: `method ${method} ${path}`, method, path, body: method === 'GET' ? undefined : '{}' });
  // Patches: bad types, bodies and targets.
  const patchTargets = [
    '/api/v1/namespaces/default/configmaps/patched?fieldValidation=Strict',
    '/apis/apps/v1/namespaces/default/deployments/patched',
    '/apis/apps/v1/namespaces/default/deployments/patched/scale',
    '/apis/apps/v1/namespaces/default/deployments/patched/status?fieldValidation=Strict',
  ];
  const patchBodies: Array<[string, string]> = [
    ['application/json-patch+json', '{"op":"add"}'], ['application/json-patch+json', '[{"op":"explode","path":"/x"}]'], ['application/json-patch+json', '[{"op":"replace","path":"/nope/deeper","value":1}]'],
    ['application/json-patch+json', '[{"op":"test","path":"/metadata/name","value":"other"}]'], ['application/json-patch+json', 'not json'],
    ['application/merge-patch+json', '['], ['application/merge-patch+json', '{"spec":{"replicas":"many"}}'], ['application/merge-patch+json', '{"metadata":{"name":"renamed"}}'],
    ['application/strategic-merge-patch+json', '{"spec":'], ['application/strategic-merge-patch+json', '{"spec":{"template":{"spec":{"containers":{"$patch":"explode"}}}}}'],
    ['application/apply-patch+yaml', 'a: [b'], ['application/apply-patch+yaml', 'a: &a [*a, *a]'], ['application/apply-patch+yaml', '- a list'], ['application/xml', '<patch/>'], ['text/plain', 'hello'], ['application/json', '{"spec":{}}'],
  ];
  for (const [contentType, body] of patchBodies) {
    for (const path of patchTargets) cases.push({ name: `patch ${contentType} ${body.slice(0, 20)} ${path}`, method: 'PATCH', path, body, headers: { 'content-type': contentType } });
  }
  cases.push({ name: 'apply without fieldManager', method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/patched', body: 'metadata: {name: patched}', headers: { 'content-type': 'application/apply-patch+yaml' } });
  // Other encodings.
  const encoded: Array<[string, string | Buffer]> = [
    ['application/vnd.kubernetes.protobuf', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff])], ['application/vnd.kubernetes.protobuf', 'not protobuf'],
    ['application/vnd.kubernetes.protobuf', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x04, 0x0a, 0x02, 0x76, 0x31])], ['application/cbor', Buffer.from([0xa1, 0x61, 0x61, 0x01])],
    ['application/yaml', 'a: [b'], ['application/yaml', '- just\n- a list'], ['application/yaml', 'a: &a [*a, *a]'], ['application/yaml', 'metadata: {name: 5}'],
    ['application/yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nsecond: doc'], ['text/html', '<html/>'],
  ];
  for (const [contentType, body] of encoded) {
    for (const target of COLLECTIONS.slice(0, 2)) cases.push({ name: `encoding ${contentType}`, method: 'POST', path: target.path, body, headers: { 'content-type': contentType } });
  }
  // Bad delete options.
  const deletes = ['{"gracePeriodSeconds":"soon"}', '{"propagationPolicy":"Sideways"}', '{"preconditions":"x"}', '{"preconditions":{"uid":5}}', '{"orphanDependents":"maybe"}', '[1]', '{"preconditions":{"uid":"not-the-uid"}}'];
  for (const body of deletes) cases.push({ name: `delete options ${body}`, method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/patched', body });
  cases.push({ name: 'delete query grace', method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/patched?gracePeriodSeconds=abc' });
  cases.push({ name: 'delete immortal namespace', method: 'DELETE', path: '/api/v1/namespaces/kube-system' });
  // Authentication.
  for (let i = 0; i < 20; i++) {
    const token = Math.floor(random() * 1e12).toString(36);
    cases.push({ name: `bad token ${token}`, method: pick(['GET', 'POST', 'DELETE']), path: pick(COLLECTIONS).path, token: i % 4 === 0 ? null : token, body: '{}' });
  }
  return cases;
}

describe('reference API server under malformed requests', function () {
  this.timeout(120_000);
  let server: TestApiServer;

  before(async () => {
    server = await startTestApiServer();
    await server.request('POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify({ metadata: { name: 'patched' }, data: { a: 'b' } }) });
    await server.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: JSON.stringify({ ...VALID_DEPLOYMENT, metadata: { name: 'patched', labels: { app: 'fuzz' } } }) });
  });
  after(async () => server?.stop());

  it('answers every case with a 4xx Status and keeps serving', async () => {
    const cases = buildCases();
    expect(cases.length).to.be.greaterThan(300);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const test = cases[next++]!;
        const res = await server.request(test.method, test.path, { body: test.body, headers: test.headers, token: test.token });
        let status: any;
        try {
          status = JSON.parse(res.body);
        } catch {
          status = undefined;
        }
        if (res.status < 400 || res.status >= 500 || status?.kind !== 'Status' || status.code !== res.status) {
          failures.push(`${test.name} (${test.method} ${test.path}): ${res.status} ${res.body.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect((await server.request('GET', '/healthz')).body).to.equal('ok');
    const survivors = (await server.request('GET', '/api/v1/namespaces/default/configmaps/patched')).json();
    expect(survivors.data).to.deep.equal({ a: 'b' });
  });

  it('answers malformed raw HTTP requests with a 4xx and keeps serving', async () => {
    const url = new URL(server.url);
    const send = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: url.hostname, port: Number(url.port), ca: server.caPem }, () => socket.end(raw));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    const auth = `Authorization: Bearer ${server.token}\r\n`;
    const requests = [
      `GET //api/v1/namespaces HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET http://[ HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET * HTTP/1.1\r\nHost: x\r\n${auth}Connection: close\r\n\r\n`,
      `GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`,
      `POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
      `BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /api/v1/namespaces HTTP/9.9\r\n\r\n`,
    ];
    for (const raw of requests) {
      const response = await send(raw);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      expect(status, `${JSON.stringify(raw.slice(0, 40))} → ${response.slice(0, 120)}`).to.be.within(400, 499);
    }
    expect((await server.request('GET', '/healthz')).body).to.equal('ok');
  });
});
