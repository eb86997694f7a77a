/**
 * Opens the configured store backend. Only the API server calls this (see STYLE.md import
 * rules); everything else talks to the API.
 */
import { EtcdStore } from './etcd-store.ts';
import { MemoryStore } from './memory-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './types.ts';

export type StoreKind = 'memory' | 'sqlite' | 'etcd';

export interface OpenStoreOptions {
  kind: StoreKind;
  /** sqlite: the database goes to DATA_DIR/state.db. */
  dataDir?: string;
  /** etcd: client URLs such as http://127.0.0.1:2379. */
  etcdEndpoints?: string[];
  /** etcd: every key is stored under this prefix, so several clusters can share one etcd. */
  etcdKeyPrefix?: string;
  /** sqlite: 'normal' (default; survives kill -9) or 'full' (fsync per write; survives power loss). */
  sqliteSynchronous?: 'full' | 'normal';
  /** Revisions of history kept for watch replay and snapshot lists (memory, sqlite). */
  historyLimit?: number;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  switch (options.kind) {
    case 'memory':
      return new MemoryStore({ historyLimit: options.historyLimit });
    case 'sqlite':
      if (!options.dataDir) throw new Error('the sqlite store needs a dataDir');
      return new SqliteStore({
        dataDir: options.dataDir,
        synchronous: options.sqliteSynchronous,
        historyLimit: options.historyLimit,
      });
    case 'etcd':
      if (!options.etcdEndpoints?.length) throw new Error('the etcd store needs etcdEndpoints');
      return new EtcdStore({ endpoints: options.etcdEndpoints, keyPrefix: options.etcdKeyPrefix });
    default:
      throw new Error(`unknown store kind ${String(options.kind satisfies never)}`);
  }
}

export * from './types.ts';
