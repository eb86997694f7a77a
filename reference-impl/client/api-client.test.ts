import { expect } from 'chai';
import { ApiClient } from './api-client.ts';
import { ApiError, isAlreadyExists, isConflict, isNotFound, ConnectionError } from './errors.ts';
import { RESOURCES } from './resources.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';
import type { KubeObject, WatchEvent } from './types.ts';

describe('ApiClient', () => {
  let server: FakeApiServer;
  let client: ApiClient;

  beforeEach(async () => {
    server = new FakeApiServer();
    client = new ApiClient({ server: await server.start(), token: 'secret-token', userAgent: 'test' });
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  it('creates, reads, lists, updates and deletes with the bearer token', async () => {
    const created = await client.create(RESOURCES.configmaps, { metadata: { name: 'a', namespace: 'ns1' }, data: { x: '1' } });
    expect(created.metadata.resourceVersion).to.be.a('string');
    expect((await client.get(RESOURCES.configmaps, 'ns1', 'a')).data).to.deep.equal({ x: '1' });
    const listed = await client.list(RESOURCES.configmaps, 'ns1');
    expect(listed.items.map((item) => item.metadata.name)).to.deep.equal(['a']);
    const updated = await client.update(RESOURCES.configmaps, { ...created, data: { x: '2' } });
    expect(updated.data).to.deep.equal({ x: '2' });
    await client.delete(RESOURCES.configmaps, 'ns1', 'a', { propagationPolicy: 'Background' });
    expect(server.requests.every((request) => request.authorization === 'Bearer secret-token')).to.equal(true);
    expect(server.requests.map((request) => request.method)).to.deep.equal(['POST', 'GET', 'GET', 'PUT', 'DELETE']);
  });

  it('turns Status failures into typed ApiErrors', async () => {
    const created = await client.create(RESOURCES.configmaps, { metadata: { name: 'a', namespace: 'ns1' } });
    const notFound = await client.get(RESOURCES.configmaps, 'ns1', 'missing').catch((error: unknown) => error);
    expect(isNotFound(notFound)).to.equal(true);
    expect((notFound as ApiError).statusCode).to.equal(404);
    const exists = await client.create(RESOURCES.configmaps, { metadata: { name: 'a', namespace: 'ns1' } }).catch((error: unknown) => error);
    expect(isAlreadyExists(exists)).to.equal(true);
    await client.update(RESOURCES.configmaps, { ...created, data: { x: '1' } });
    const stale = await client.update(RESOURCES.configmaps, { ...created, data: { x: '2' } }).catch((error: unknown) => error);
    expect(isConflict(stale)).to.equal(true);
  });

  it('reports an unreachable server as a ConnectionError', async () => {
    const dead = new ApiClient({ server: 'http://127.0.0.1:1' });
    const error = await dead.get(RESOURCES.pods, 'ns', 'p').catch((failure: unknown) => failure);
    expect(error).to.be.instanceOf(ConnectionError);
    dead.close();
  });

  it('streams watch events line by line from a resourceVersion and stops on request', async () => {
    const first = await client.create(RESOURCES.pods, { metadata: { name: 'p1', namespace: 'ns' } });
    const events: WatchEvent<KubeObject>[] = [];
    let notify = () => {};
    const handle = client.watch(RESOURCES.pods, 'ns', { resourceVersion: '0' }, (event) => {
      events.push(event);
      notify();
    });
    await client.create(RESOURCES.pods, { metadata: { name: 'p2', namespace: 'ns' } });
    while (events.length < 2) await new Promise<void>((resolve) => (notify = resolve));
    expect(events.map((event) => [event.type, event.object.metadata.name])).to.deep.equal([
      ['ADDED', 'p1'],
      ['ADDED', 'p2'],
    ]);
    expect(events[0]!.object.metadata.uid).to.equal(first.metadata.uid);
    handle.stop();
    expect(await handle.ended).to.deep.equal({ kind: 'stopped' });
  });
});
