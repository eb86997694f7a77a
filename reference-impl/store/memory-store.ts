import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, Watcher } from './types.ts';
import { KeyExistsError, StoreError } from './types.ts';
import { hasPrefix } from './key-range.ts';
import { SortedKeys } from './sorted-keys.ts';
import { WatchHub } from './watch-hub.ts';
import { requireExisting, requireReadableRevision, requireWatchableRevision } from './write-checks.ts';

export interface MemoryStoreOptions {
  /**
   * Events kept for watch replay and snapshot lists. Older revisions answer CompactedError
   * (HTTP 410), which makes clients relist, as a compacted etcd would.
   */
  historyLimit?: number;
}

const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * The whole store in process memory: for tests and throwaway clusters. Each method does its
 * work synchronously before returning its promise, so writes are atomic with respect to each
 * other without locks.
 */
export class MemoryStore implements Store {
  private readonly current = new Map<string, KeyValue>();
  private readonly keys = new SortedKeys();
  /** Every write after compactedRevision, in revision order (one event per revision). */
  private history: StoreEvent[] = [];
  private revision = 0;
  private compactedRevision = 0;
  private readonly hub = new WatchHub();
  private readonly historyLimit: number;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.historyLimit = Math.max(1, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.current.get(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision ?? this.revision;
    requireReadableRevision(revision, this.compactedRevision, this.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: KeyValue[] = [];
    let more = false;
    for (const kv of this.scanAt(prefix, revision, options.startAfter)) {
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(kv);
    }
    return { items, revision, more };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    if (this.current.has(key)) throw new KeyExistsError(`key ${key} already exists`);
    const revision = this.revision + 1;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.commit({ type: 'ADDED', kv });
    return kv;
  }

  async update(key: string, value: string, expectedModRevision?: number): Promise<KeyValue> {
    const prev = requireExisting(key, this.current.get(key), expectedModRevision);
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: this.revision + 1 };
    this.commit({ type: 'MODIFIED', kv, prev });
    return kv;
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const prev = requireExisting(key, this.current.get(key), expectedModRevision);
    const kv: KeyValue = { ...prev, modRevision: this.revision + 1 };
    this.commit({ type: 'DELETED', kv, prev });
    return kv;
  }

  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): Watcher {
    requireWatchableRevision(fromRevision, this.compactedRevision);
    const replay = this.history.slice(this.historyIndexAfter(fromRevision)).filter((e) => hasPrefix(e.kv.key, prefix));
    return this.hub.subscribe(prefix, fromRevision, replay, onEvent);
  }

  async compact(revision: number): Promise<void> {
    this.compactTo(Math.min(revision, this.revision));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.stopAll();
  }

  private commit(event: StoreEvent): void {
    if (this.closed) throw new StoreError('the memory store is closed');
    // Callers get the stored objects themselves (no copies): frozen, so nobody can edit history.
    Object.freeze(event.kv);
    Object.freeze(event);
    this.revision = event.kv.modRevision;
    if (event.type === 'DELETED') {
      this.current.delete(event.kv.key);
      this.keys.remove(event.kv.key);
    } else {
      if (event.type === 'ADDED') this.keys.insert(event.kv.key);
      this.current.set(event.kv.key, event.kv);
    }
    this.history.push(event);
    // Trim in batches so a full history does not cost an array shift per write.
    if (this.history.length > this.historyLimit + Math.ceil(this.historyLimit / 10)) {
      this.compactTo(this.history[this.history.length - this.historyLimit - 1]!.kv.modRevision);
    }
    this.hub.publish(event);
  }

  private compactTo(revision: number): void {
    if (revision <= this.compactedRevision) return;
    this.history = this.history.slice(this.historyIndexAfter(revision));
    this.compactedRevision = revision;
  }

  /** Index of the first history event with a revision greater than `revision`. */
  private historyIndexAfter(revision: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.kv.modRevision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Keys under prefix as they stood at `revision`, in key order. */
  private *scanAt(prefix: string, revision: number, startAfter?: string): Generator<KeyValue> {
    if (revision === this.revision) {
      for (const key of this.keys.scan(prefix, startAfter)) yield this.current.get(key)!;
      return;
    }
    // Rewind: start from the current values and undo, newest first, every write after revision.
    const state = new Map<string, KeyValue>();
    for (const key of this.keys.scan(prefix)) state.set(key, this.current.get(key)!);
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i]!;
      if (event.kv.modRevision <= revision) break;
      if (!hasPrefix(event.kv.key, prefix)) continue;
      if (event.type === 'ADDED') state.delete(event.kv.key);
      else state.set(event.kv.key, event.prev!);
    }
    const keys = [...state.keys()].filter((key) => startAfter === undefined || key > startAfter).sort();
    for (const key of keys) yield state.get(key)!;
  }
}
