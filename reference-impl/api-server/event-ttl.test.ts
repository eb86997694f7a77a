import { expect } from 'chai';
import { FaultSet } from '../faults.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { expireEvents, lastRecorded } from './event-ttl.ts';
import { ObjectStore } from './object-store.ts';
import { findResource } from './registry/resources.ts';
import type { ApiContext } from './rest/context.ts';

describe('event expiry', () => {
  const events = findResource('', 'v1', 'events')!;
  const now = new Date('2026-01-01T12:00:00Z');

  it('reads when an event was last recorded', () => {
    expect(lastRecorded({ lastTimestamp: '2026-01-01T10:00:00Z', metadata: { creationTimestamp: '2026-01-01T09:00:00Z' } })).to.equal(Date.parse('2026-01-01T10:00:00Z'));
    expect(lastRecorded({ series: { lastObservedTime: '2026-01-01T11:00:00.000000Z' }, eventTime: '2026-01-01T08:00:00.000000Z' })).to.equal(Date.parse('2026-01-01T11:00:00Z'));
    expect(lastRecorded({ metadata: { creationTimestamp: '2026-01-01T09:00:00Z' } })).to.equal(Date.parse('2026-01-01T09:00:00Z'));
  });

  it('deletes events older than the TTL and keeps the rest', async () => {
    const store = new MemoryStore();
    const objects = new ObjectStore(store);
    const ctx = { objects, faults: new FaultSet([]), now: () => now, log: () => {}, admit: async () => {}, released: async () => {} } satisfies ApiContext;
    const event = (name: string, lastTimestamp: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, lastTimestamp });
    await objects.create(events, event('old', '2026-01-01T10:30:00Z'));
    await objects.create(events, event('fresh', '2026-01-01T11:30:00Z'));
    expect(await expireEvents(ctx)).to.equal(1);
    expect((await store.list('/registry/events/')).items.map((kv) => kv.key)).to.deep.equal(['/registry/events/default/fresh']);
    await store.close();
  });
});
