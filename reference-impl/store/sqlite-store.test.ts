import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from './sqlite-store.ts';
import { EventRecorder, expectRejects, runStoreContract } from './store-contract.ts';
import { CompactedError, StoreError, type Store } from './types.ts';

describe('SqliteStore', () => {
  const dirs: string[] = [];
  const dataDirOf = new WeakMap<Store, string>();
  function freshDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'kcert-sqlite-'));
    dirs.push(dir);
    return dir;
  }
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  runStoreContract('sqlite', {
    open: async () => {
      const dataDir = freshDir();
      const store = new SqliteStore({ dataDir });
      dataDirOf.set(store, dataDir);
      return store;
    },
    reopen: async (store) => {
      const dataDir = dataDirOf.get(store)!;
      await store.close();
      const reopened = new SqliteStore({ dataDir });
      dataDirOf.set(reopened, dataDir);
      return reopened;
    },
  });

  it('refuses a second store on a data dir another one owns', async () => {
    const dataDir = freshDir();
    const owner = new SqliteStore({ dataDir });
    try {
      expect(() => new SqliteStore({ dataDir, lockWaitMs: 50 })).to.throw(StoreError, /in use/);
    } finally {
      await owner.close();
    }
  });

  it('checkpoints the WAL into the database file in the background', async () => {
    const dataDir = freshDir();
    const store = new SqliteStore({ dataDir });
    try {
      const value = 'x'.repeat(2000);
      for (let i = 0; i < 1000; i++) {
        await store.create(`/registry/pods/ns/p${i}`, value);
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      // Auto-checkpointing is off on the store's connection: only the worker can grow the file.
      const databaseFile = path.join(dataDir, 'state.db');
      const deadline = Date.now() + 10_000;
      while (statSync(databaseFile).size < 1_000_000) {
        if (Date.now() > deadline) throw new Error(`state.db is still ${statSync(databaseFile).size} bytes`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await store.close();
    }
  });

  it('compacts automatically past its history limit and keeps the compaction point across restarts', async () => {
    const dataDir = freshDir();
    let store = new SqliteStore({ dataDir, historyLimit: 100, synchronous: 'normal' });
    const first = await store.create('/registry/x/a', '0');
    for (let i = 1; i <= 1200; i++) await store.update('/registry/x/a', String(i));
    await expectRejects(store.list('/registry/x/', { revision: first.modRevision }), CompactedError);
    await store.close();
    store = new SqliteStore({ dataDir, historyLimit: 100 });
    try {
      expect(() => store.watch('/registry/x/', first.modRevision, () => {})).to.throw(CompactedError);
      const now = await store.currentRevision();
      const recorder = new EventRecorder();
      const watcher = store.watch('/registry/x/', now - 3, recorder.onEvent);
      const events = await recorder.waitForCount(3);
      expect(events.map((e) => [e.type, e.kv.value, e.prev?.value])).to.deep.equal([
        ['MODIFIED', '1198', '1197'], ['MODIFIED', '1199', '1198'], ['MODIFIED', '1200', '1199'],
      ]);
      watcher.stop();
      expect((await store.get('/registry/x/a'))?.value).to.equal('1200');
    } finally {
      await store.close();
    }
  });
});
