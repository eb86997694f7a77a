import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from './index.ts';
import { EtcdStore } from './etcd-store.ts';
import { MemoryStore } from './memory-store.ts';
import { SqliteStore } from './sqlite-store.ts';

describe('openStore', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-open-store-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens the backend named by kind', async () => {
    const memory = await openStore({ kind: 'memory' });
    expect(memory).to.be.instanceOf(MemoryStore);
    await memory.close();
    const sqlite = await openStore({ kind: 'sqlite', dataDir });
    expect(sqlite).to.be.instanceOf(SqliteStore);
    await sqlite.close();
    // The etcd client connects lazily, so no server is needed to construct one.
    const etcd = await openStore({ kind: 'etcd', etcdEndpoints: ['http://127.0.0.1:1'] });
    expect(etcd).to.be.instanceOf(EtcdStore);
    await etcd.close();
  });

  it('names the missing setting', async () => {
    for (const [options, message] of [
      [{ kind: 'sqlite' as const }, /dataDir/],
      [{ kind: 'etcd' as const }, /etcdEndpoints/],
    ] as const) {
      let error: unknown;
      try {
        await openStore(options);
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.match(message);
    }
  });
});
