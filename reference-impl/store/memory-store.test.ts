import { expect } from 'chai';
import { MemoryStore } from './memory-store.ts';
import { EventRecorder, expectRejects, runStoreContract } from './store-contract.ts';
import { CompactedError } from './types.ts';

runStoreContract('memory', { open: async () => new MemoryStore() });

describe('MemoryStore history limit', () => {
  it('drops the oldest history beyond the limit, so old revisions answer CompactedError', async () => {
    const store = new MemoryStore({ historyLimit: 10 });
    const first = await store.create('/registry/x/a', '0');
    for (let i = 1; i <= 30; i++) await store.update('/registry/x/a', String(i));
    await expectRejects(store.list('/registry/x/', { revision: first.modRevision }), CompactedError);
    const now = await store.currentRevision();
    const recorder = new EventRecorder();
    const watcher = store.watch('/registry/x/', now - 10, recorder.onEvent);
    const events = await recorder.waitForCount(10);
    expect(events.map((e) => e.kv.value)).to.deep.equal(['21', '22', '23', '24', '25', '26', '27', '28', '29', '30']);
    watcher.stop();
    await store.close();
  });
});
