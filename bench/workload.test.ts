import { expect } from 'chai';
import { MemoryStore } from '../reference-impl/store/memory-store.ts';
import { report } from './api-latency.ts';
import { StoreTarget } from './store-target.ts';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadOptions } from './workload.ts';

const TINY: WorkloadOptions = { ...DEFAULT_WORKLOAD, warmup: 5, createRate: 1000, creates: 20, gets: 15, listSize: 30, lists: 3, watchUpdates: 10, throughputMs: 50, concurrency: 4 };

describe('API latency workload', () => {
  it('takes one sample per operation and leaves the expected objects behind', async () => {
    const store = new MemoryStore();
    const result = await runWorkload(new StoreTarget('memory', store), TINY);
    expect(result.create.count).to.equal(20);
    expect(result.get.count).to.equal(15);
    expect(result.list.count).to.equal(3);
    expect(result.watch.count).to.equal(10);
    expect(result.throughput).to.be.greaterThan(0);
    expect((await store.list('/registry/pods/bench-list/')).items).to.have.length(30);
    const updated = await store.get('/registry/pods/bench/pod-00009');
    expect(JSON.parse(updated!.value).metadata.annotations['kcert.dev/generation']).to.equal('10');
    await store.close();
  });

  it('prints every backend side by side with ratios to memory and the SQLite target', async () => {
    const sample = { count: 1, p50: 1, p99: 2, max: 2 };
    const memory = { create: sample, get: sample, list: sample, watch: sample, throughput: 1000 };
    const sqlite = { ...memory, create: { count: 1, p50: 3, p99: 12, max: 12 }, throughput: 500 };
    const text = report(new Map([['memory', memory], ['sqlite', sqlite]]), TINY);
    expect(text).to.match(/create p99 @1000\/s\s+2\.00\s+12\.00\s+6\.0x/);
    expect(text).to.match(/creates\/s \(4 in flight\)\s+1000\s+500\s+0\.5x/);
    expect(text).to.contain('12.00 ms, MISSED');
  });
});
