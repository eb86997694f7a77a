import { expect } from 'chai';
import { ApiClient } from './api-client.ts';
import { Informer } from './informer.ts';
import { RESOURCES } from './resources.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';
import type { KubeObject } from './types.ts';
import { eventually } from '../testing/eventually.ts';

const PODS = '/api/v1/namespaces/ns/pods';
const pod = (name: string, labels: Record<string, string> = {}): KubeObject => ({ metadata: { name, namespace: 'ns', labels } });

/** Polls a condition on the informer's state; fails with what it last saw. */
const until = async (what: string, check: () => boolean, observed: () => unknown): Promise<void> => {
  await eventually(what, check, { timeoutMs: 5_000, intervalMs: 10, observe: observed });
};

describe('Informer', () => {
  let server: FakeApiServer;
  let client: ApiClient;
  let informer: Informer;
  const seen: string[] = [];

  beforeEach(async () => {
    seen.length = 0;
    server = new FakeApiServer();
    client = new ApiClient({ server: await server.start() });
    informer = new Informer(client, RESOURCES.pods, { namespace: 'ns' });
    informer.addHandlers({
      onAdd: (object) => seen.push(`add ${object.metadata.name}`),
      onUpdate: (_old, object) => seen.push(`update ${object.metadata.name}`),
      onDelete: (object) => seen.push(`delete ${object.metadata.name}`),
    });
  });
  afterEach(async () => {
    await informer.stop();
    client.close();
    await server.stop();
  });

  it('fills the cache from a list, then follows the watch', async () => {
    server.put(PODS, pod('a'));
    await informer.start();
    expect(informer.list().map((object) => object.metadata.name)).to.deep.equal(['a']);
    expect(informer.get('ns', 'a')?.kind).to.equal('Pod');
    await until('a watch is open', () => server.watchCount === 1, () => server.watchCount);
    const b = server.put(PODS, pod('b'));
    server.put(PODS, { ...b, metadata: { ...b.metadata, labels: { x: 'y' } } }, 'MODIFIED');
    server.put(PODS, pod('a'), 'DELETED');
    await until('all events arrived', () => seen.length === 4, () => seen);
    expect(seen).to.deep.equal(['add a', 'add b', 'update b', 'delete a']);
    expect(informer.get('ns', 'b')?.metadata.labels).to.deep.equal({ x: 'y' });
    expect(informer.get('ns', 'a')).to.equal(undefined);
  });

  it('resumes the watch from the last resourceVersion when the server ends it', async () => {
    await informer.start();
    await until('a watch is open', () => server.watchCount === 1, () => server.watchCount);
    server.endWatches();
    server.put(PODS, pod('while-away'));
    await until('the missed event is replayed', () => seen.includes('add while-away'), () => seen);
    expect(seen).to.deep.equal(['add while-away']);
  });

  it('re-lists after a 410 and reports what changed meanwhile', async () => {
    server.put(PODS, pod('gone-later'));
    await informer.start();
    await until('a watch is open', () => server.watchCount === 1, () => server.watchCount);
    // History is compacted up to the two writes below, so resuming from the old revision gets 410.
    const listed = Number(informer.get('ns', 'gone-later')?.metadata.resourceVersion);
    server.compactedThrough = listed + 2;
    server.endWatches();
    server.put(PODS, pod('gone-later'), 'DELETED');
    server.put(PODS, pod('new'));
    await until('the re-list reconciled the cache', () => seen.length === 3, () => seen);
    expect(seen).to.deep.equal(['add gone-later', 'delete gone-later', 'add new']);
    expect(informer.list().map((object) => object.metadata.name)).to.deep.equal(['new']);
    const lists = server.requests.filter((request) => request.method === 'GET' && !request.url.includes('watch='));
    expect(lists.length).to.be.greaterThan(1);
  });

  it('gives late handlers the current cache as adds', async () => {
    server.put(PODS, pod('a'));
    await informer.start();
    const late: string[] = [];
    informer.addHandlers({ onAdd: (object) => late.push(String(object.metadata.name)) });
    expect(late).to.deep.equal(['a']);
  });
});
