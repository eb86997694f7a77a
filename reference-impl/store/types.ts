/**
 * The one store interface behind the API server (only the API server touches it). Keys are
 * strings such as `/registry/pods/NAMESPACE/NAME`; values are serialized objects. Every write
 * gets the next revision of one global, monotonic counter; resourceVersion is that revision.
 * Implementations: memory (tests), sqlite (default), etcd. One contract suite runs against all.
 */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision that created the key. */
  createRevision: number;
  /** Revision of the last write to the key (the object's resourceVersion). */
  modRevision: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** For DELETED: the last value, with modRevision set to the deletion's revision. */
  kv: KeyValue;
  /** The value before this write (MODIFIED, DELETED). */
  prev?: KeyValue;
}

export interface ListOptions {
  /** Return at most this many keys (0 or absent: all). */
  limit?: number;
  /** Return keys strictly after this one (for continue tokens). */
  startAfter?: string;
  /**
   * Read at this revision (a consistent snapshot for paginated lists); absent: latest. Throws
   * CompactedError when older than the kept history, FutureRevisionError when newer than the store.
   */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** Keys remain after the last item returned. */
  more: boolean;
}

export interface Watcher {
  stop(): void;
}

export interface Store {
  /** Latest revision written (0 for an empty store). */
  currentRevision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys with this prefix in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Throws KeyExistsError when the key exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replace the value. Throws KeyNotFoundError if absent, RevisionConflictError when
   * expectedModRevision is given and differs from the stored one.
   */
  update(key: string, value: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Returns the deleted value with modRevision set to the deletion's revision (the same kv the
   * DELETED watch event carries). Same errors as update.
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Events for keys with this prefix, in revision order, starting after fromRevision (replaying
   * history when older). Throws CompactedError when fromRevision is older than the kept history.
   */
  watch(
    prefix: string,
    fromRevision: number,
    onEvent: (event: StoreEvent) => void,
    /**
     * A watch that breaks after it started (etcd compacted past it or went away): called once,
     * with CompactedError when the consumer must relist (HTTP 410); no events follow. The
     * in-process backends never call it.
     */
    onError?: (error: StoreError) => void,
  ): Watcher;
  /** Drop history at or before this revision. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class KeyExistsError extends StoreError {}
export class KeyNotFoundError extends StoreError {}
export class RevisionConflictError extends StoreError {}
/** A read asked for a revision the store has not reached yet. */
export class FutureRevisionError extends StoreError {}
/** The requested revision is older than the store's kept history (HTTP 410 Gone). */
export class CompactedError extends StoreError {
  constructor(message: string, readonly compactedRevision: number) {
    super(message);
  }
}
