import { Etcd3, type IKeyValue, type IRequestOp, type IResponseHeader } from 'etcd3';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, Watcher } from './types.ts';
import { CompactedError, FutureRevisionError, KeyExistsError, StoreError } from './types.ts';
import { prefixEnd } from './key-range.ts';
import { requireExisting, requireWatchableRevision } from './write-checks.ts';

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  endpoints: string[];
  /**
   * Prepended to every key in etcd (default ''), so several clusters can share one etcd; the
   * Store's callers never see it.
   */
  keyPrefix?: string;
  /**
   * Like kube-apiserver, compact etcd's history every interval to the revision seen one
   * interval earlier, so a watch may lag by up to one interval before it gets 410. Default
   * 5 minutes; 0 turns it off (when etcd runs its own --auto-compaction).
   */
  compactionIntervalMs?: number;
}

const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

/**
 * The Store on a real etcd (v3 API through the etcd3 client), shaped like kube-apiserver's
 * etcd3 storage: a key's resourceVersion is its etcd mod revision, writes are transactions
 * comparing the mod revision, watches start at revision + 1 with previous values.
 */
export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly keyPrefix: string;
  /**
   * The newest compaction this store knows of (its own compact() calls and compaction errors
   * etcd reported). watch() must throw synchronously, so it checks this before asking etcd.
   */
  private knownCompactedRevision = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly compactionTimer: NodeJS.Timeout | undefined;
  /** The revision seen at the previous compaction tick: the next tick compacts up to it. */
  private revisionAtLastTick = 0;

  constructor(options: EtcdStoreOptions) {
    if (options.endpoints.length === 0) throw new StoreError('the etcd store needs at least one endpoint');
    this.client = new Etcd3({ hosts: options.endpoints, dialTimeout: 5000 });
    this.keyPrefix = options.keyPrefix ?? '';
    const interval = options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
    if (interval > 0) {
      this.compactionTimer = setInterval(() => void this.compactionTick(), interval);
      this.compactionTimer.unref();
    }
  }

  /** One periodic compaction step; failures wait for the next tick (etcd may be restarting). */
  async compactionTick(): Promise<void> {
    try {
      if (this.revisionAtLastTick > 0) await this.compact(this.revisionAtLastTick);
      this.revisionAtLastTick = await this.currentRevision();
    } catch {
      // Nothing to do: history just stays longer until the next tick succeeds.
    }
  }

  async currentRevision(): Promise<number> {
    const response = await this.call(() => this.client.kv.range({ key: this.raw('/'), count_only: true }));
    return revisionOf(response.header);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const response = await this.call(() => this.client.kv.range({ key: this.raw(key) }));
    const kv = response.kvs[0];
    return kv && this.toKeyValue(kv);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    if (options.revision !== undefined) this.requireNotCompacted(options.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const start = options.startAfter !== undefined && options.startAfter >= prefix ? `${options.startAfter}\0` : prefix;
    const response = await this.call(() =>
      this.client.kv.range({
        key: this.raw(start),
        range_end: this.rangeEnd(prefix),
        limit: limit === 0 ? 0 : limit + 1,
        revision: options.revision ?? 0,
      }),
    );
    const more = limit !== 0 && response.kvs.length > limit;
    const kvs = more ? response.kvs.slice(0, limit) : response.kvs;
    return { items: kvs.map((kv) => this.toKeyValue(kv)), revision: options.revision ?? revisionOf(response.header), more };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const response = await this.call(() =>
      this.client.kv.txn({
        compare: [{ key: this.raw(key), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: this.raw(key), value: Buffer.from(value) } }],
      }),
    );
    if (!response.succeeded) throw new KeyExistsError(`key ${key} already exists`);
    const revision = revisionOf(response.header);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: string, expectedModRevision?: number): Promise<KeyValue> {
    const { prev, revision } = await this.conditionalWrite(key, expectedModRevision, {
      request_put: { key: this.raw(key), value: Buffer.from(value), prev_kv: true },
    });
    return { key, value, createRevision: prev.createRevision, modRevision: revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const { prev, revision } = await this.conditionalWrite(key, expectedModRevision, {
      request_delete_range: { key: this.raw(key), prev_kv: true },
    });
    return { ...prev, modRevision: revision };
  }

  watch(
    prefix: string,
    fromRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError?: (error: StoreError) => void,
  ): Watcher {
    requireWatchableRevision(fromRevision, this.knownCompactedRevision);
    let stopped = false;
    const etcdWatcher = this.client
      .watch()
      .inRange({ start: this.raw(prefix), end: this.rangeEnd(prefix) })
      .startRevision(String(fromRevision + 1))
      .withPreviousKV()
      .watcher();
    const deliver = (type: 'put' | 'delete') => (kv: IKeyValue, prev?: IKeyValue) => {
      if (stopped) return;
      onEvent(this.toEvent(type, kv, prev));
    };
    etcdWatcher.on('put', deliver('put'));
    etcdWatcher.on('delete', deliver('delete'));
    etcdWatcher.on('error', (error: Error) => {
      if (stopped) return;
      handle.stop();
      // etcd cancels a watch whose start revision it has compacted away; the client library
      // only passes on that it was canceled.
      const storeError = /compact|cancel/i.test(error.message)
        ? new CompactedError(`watch from revision ${fromRevision} failed: ${error.message}`, fromRevision + 1)
        : new StoreError(`watch on ${prefix} failed: ${error.message}`);
      onError?.(storeError);
    });
    const handle: Watcher = {
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.watchers.delete(handle);
        etcdWatcher.cancel().catch(() => {});
      },
    };
    this.watchers.add(handle);
    return handle;
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, await this.currentRevision());
    if (target <= this.knownCompactedRevision) return;
    try {
      await this.call(() => this.client.kv.compact({ revision: target, physical: true }));
    } catch (error) {
      if (!(error instanceof CompactedError)) throw error;
    }
    this.knownCompactedRevision = Math.max(this.knownCompactedRevision, target);
  }

  async close(): Promise<void> {
    clearInterval(this.compactionTimer);
    for (const watcher of [...this.watchers]) watcher.stop();
    this.client.close();
  }

  private async conditionalWrite(
    key: string,
    expectedModRevision: number | undefined,
    operation: IRequestOp,
  ): Promise<{ prev: KeyValue; revision: number }> {
    const compare =
      expectedModRevision === undefined
        ? { key: this.raw(key), target: 'Create' as const, result: 'Greater' as const, create_revision: 0 }
        : { key: this.raw(key), target: 'Mod' as const, result: 'Equal' as const, mod_revision: expectedModRevision };
    const response = await this.call(() =>
      this.client.kv.txn({ compare: [compare], success: [operation], failure: [{ request_range: { key: this.raw(key) } }] }),
    );
    if (!response.succeeded) {
      const current = response.responses[0]?.response_range?.kvs[0];
      requireExisting(key, current && this.toKeyValue(current), expectedModRevision);
      throw new StoreError(`write to ${key} failed its precondition for an unknown reason`);
    }
    const result = response.responses[0]!;
    const prevKv = result.response_put?.prev_kv ?? result.response_delete_range?.prev_kvs[0];
    if (!prevKv) throw new StoreError(`etcd returned no previous value for ${key}`);
    return { prev: this.toKeyValue(prevKv), revision: revisionOf(response.header) };
  }

  private toKeyValue(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString().slice(this.keyPrefix.length),
      value: kv.value.toString(),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  private toEvent(type: 'put' | 'delete', kv: IKeyValue, prevKv?: IKeyValue): StoreEvent {
    const prev = prevKv && this.toKeyValue(prevKv);
    if (type === 'delete') {
      // etcd's deletion kv carries no value; the Store reports the last value at the deletion revision.
      const deleted = this.toKeyValue(kv);
      return {
        type: 'DELETED',
        kv: { ...deleted, value: prev?.value ?? '', createRevision: prev?.createRevision ?? 0 },
        prev,
      };
    }
    const current = this.toKeyValue(kv);
    return current.createRevision === current.modRevision ? { type: 'ADDED', kv: current } : { type: 'MODIFIED', kv: current, prev };
  }

  private requireNotCompacted(revision: number): void {
    if (revision < this.knownCompactedRevision) {
      throw new CompactedError(
        `revision ${revision} has been compacted (history starts after ${this.knownCompactedRevision})`,
        this.knownCompactedRevision,
      );
    }
  }

  private raw(key: string): Buffer {
    return Buffer.from(this.keyPrefix + key);
  }

  private rangeEnd(prefix: string): Buffer {
    const end = prefixEnd(this.keyPrefix + prefix);
    // An empty prefix: etcd reads "\0" as "every key from here on".
    return end === undefined ? Buffer.from([0]) : Buffer.from(end);
  }

  /** Runs an etcd call, translating etcd's revision errors into the Store's typed errors. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/required revision has been compacted/.test(message)) {
        throw new CompactedError(`etcd: ${message}`, this.knownCompactedRevision);
      }
      if (/required revision is a future revision/.test(message)) throw new FutureRevisionError(`etcd: ${message}`);
      throw error instanceof StoreError ? error : new StoreError(`etcd: ${message}`);
    }
  }
}

function revisionOf(header: IResponseHeader): number {
  return Number(header.revision);
}
