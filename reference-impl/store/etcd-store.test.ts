import { expect } from 'chai';
import { EtcdStore } from './etcd-store.ts';
import { etcdBinaryAvailable, type LocalEtcd, startLocalEtcd } from './etcd-process.ts';
import { EventRecorder, expectRejects, runStoreContract } from './store-contract.ts';
import { CompactedError, type StoreError } from './types.ts';

describe('EtcdStore', function () {
  let etcd: LocalEtcd | undefined;

  before(async function () {
    if (!etcdBinaryAvailable()) {
      console.log('    skipped: no `etcd` binary on PATH (apt-get install etcd-server)');
      this.skip();
    }
    this.timeout(90_000);
    etcd = await startLocalEtcd({ readyTimeoutMs: 60_000 });
  });
  after(async () => {
    await etcd?.stop();
  });

  const open = async () => new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/kcert-test' });
  runStoreContract('etcd', {
    open,
    reopen: async (store) => {
      await store.close();
      return open();
    },
  });

  it('keeps its key prefix out of sight and away from other prefixes', async () => {
    const one = new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/cluster-one' });
    const two = new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/cluster-two' });
    try {
      const kv = await one.create('/registry/pods/a', 'a');
      expect(kv.key).to.equal('/registry/pods/a');
      expect(await two.get('/registry/pods/a')).to.equal(undefined);
      expect((await one.list('/registry/pods/')).items.map((item) => item.key)).to.deep.equal(['/registry/pods/a']);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('compacts periodically to the revision seen one interval earlier', async () => {
    const store = new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/kcert-periodic', compactionIntervalMs: 0 });
    try {
      const first = await store.create('/registry/x/a', '0');
      await store.compactionTick(); // records the revision, compacts nothing yet
      await store.list('/registry/x/', { revision: first.modRevision });
      const second = await store.update('/registry/x/a', '1');
      await store.compactionTick(); // compacts up to the revision recorded by the first tick
      await expectRejects(store.list('/registry/x/', { revision: first.modRevision - 1 }), CompactedError);
      expect((await store.list('/registry/x/', { revision: second.modRevision })).items[0]?.value).to.equal('1');
    } finally {
      await store.close();
    }
  });

  it('reports a compaction it did not know of to the watch consumer as CompactedError', async () => {
    const writer = new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/kcert-compaction' });
    const reader = new EtcdStore({ endpoints: [etcd!.endpoint], keyPrefix: '/kcert-compaction' });
    try {
      const first = await writer.create('/registry/x/a', '0');
      await writer.update('/registry/x/a', '1');
      const latest = await writer.update('/registry/x/a', '2');
      await writer.compact(latest.modRevision);
      // The reader has not seen the compaction, so only etcd can refuse the watch.
      const failure = await new Promise<StoreError>((resolve, reject) => {
        const recorder = new EventRecorder();
        reader.watch('/registry/x/', first.modRevision - 1, recorder.onEvent, resolve);
        setTimeout(() => reject(new Error(`no watch error; events: ${recorder.events.length}`)), 10_000).unref();
      });
      expect(failure).to.be.instanceOf(CompactedError);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
