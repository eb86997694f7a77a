import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { KeyValue, ListOptions, ListResult, Store, StoreEvent, Watcher } from './types.ts';
import { KeyExistsError, StoreError } from './types.ts';
import { prefixEnd } from './key-range.ts';
import { type LogRow, SCHEMA, prepareStatements, rowToEvent, rowToKeyValue } from './sqlite-schema.ts';
import { BackgroundCheckpointer } from './sqlite-checkpointer.ts';
import { WatchHub } from './watch-hub.ts';
import { requireExisting, requireReadableRevision, requireWatchableRevision } from './write-checks.ts';

export interface SqliteStoreOptions {
  /** The database lives at DATA_DIR/state.db (created if missing). */
  dataDir: string;
  /**
   * 'normal' (default, as kine runs it) writes the WAL on every commit but fsyncs only at
   * checkpoints: an acknowledged write survives kill -9 of the server (the WAL sits in the OS
   * page cache; sqlite-durability.test.ts checks it) but maybe not a power loss. 'full' also
   * fsyncs every commit, which survives a power loss and costs about 1.5 ms per write here,
   * with a long tail when the disk is busy (see bench/api-latency.ts).
   */
  synchronous?: 'full' | 'normal';
  /** Revisions of history kept for watch replay and snapshot lists (default 10,000). */
  historyLimit?: number;
  /** How long opening waits for a previous owner of the data dir to let go (default 2 s). */
  lockWaitMs?: number;
}

const DEFAULT_HISTORY_LIMIT = 10_000;
/** Automatic compaction runs at most once per this many writes. */
const COMPACT_EVERY = 1_000;
/** Writes between background checkpoints (a pod write is 2–4 WAL pages). */
const CHECKPOINT_EVERY = 200;
const COMPACTED_REVISION = 'compacted_revision';
/** Above every ASCII key: the range end for an empty prefix. */
const KEY_SPACE_END = '\uffff';

/**
 * The default backend: SQLite through better-sqlite3, whose calls are synchronous, so each
 * method is atomic against the others without locks. The API server in this process is the
 * only writer (an owner lock makes a second server on the same data dir fail fast), which
 * lets watch notification happen in-process, right after each commit, instead of kine's
 * polling. WAL checkpoints run on a worker thread (sqlite-checkpointer.ts).
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly hub = new WatchHub();
  private readonly historyLimit: number;
  private revision: number;
  private compactedRevision: number;
  private writesSinceCompaction = 0;
  private writesSinceCheckpoint = 0;
  private readonly ownerLock: Database.Database;
  private readonly checkpointer: BackgroundCheckpointer;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'state.db');
    this.ownerLock = takeOwnerLock(`${file}.owner`, options.lockWaitMs ?? 2000);
    this.db = new Database(file, { timeout: 5000 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      // Checkpoints run on the checkpointer's thread, never inside a write on this one.
      this.db.pragma('wal_autocheckpoint = 0');
      this.db.exec(SCHEMA);
    } catch (error) {
      this.db.close();
      this.ownerLock.close();
      throw error;
    }
    this.checkpointer = new BackgroundCheckpointer(file, () => {
      try {
        if (this.db.open) this.db.pragma('wal_checkpoint(RESTART)');
      } catch {
        // Busy: the next background checkpoint gets another chance.
      }
    });
    this.sql = prepareStatements(this.db);
    this.historyLimit = Math.max(1, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.revision = this.sql.lastRevision.get()?.seq ?? 0;
    this.compactedRevision = this.sql.readMeta.get(COMPACTED_REVISION)?.value ?? 0;
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.currentKeyValue(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = options.revision ?? this.revision;
    requireReadableRevision(revision, this.compactedRevision, this.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const end = prefixEnd(prefix) ?? KEY_SPACE_END;
    const rows = this.sql.listAt.all(prefix, end, options.startAfter ?? '', revision, limit === -1 ? -1 : limit + 1);
    const more = limit !== -1 && rows.length > limit;
    const items = (more ? rows.slice(0, limit) : rows).map(rowToKeyValue);
    return { items, revision, more };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    if (this.currentRow(key)) throw new KeyExistsError(`key ${key} already exists`);
    const revision = this.append(key, true, false, 0, 0, value, null);
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.afterWrite({ type: 'ADDED', kv });
    return kv;
  }

  async update(key: string, value: string, expectedModRevision?: number): Promise<KeyValue> {
    const prev = requireExisting(key, this.currentKeyValue(key), expectedModRevision);
    const revision = this.append(key, false, false, prev.createRevision, prev.modRevision, value, prev.value);
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision };
    this.afterWrite({ type: 'MODIFIED', kv, prev });
    return kv;
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const prev = requireExisting(key, this.currentKeyValue(key), expectedModRevision);
    const revision = this.append(key, false, true, prev.createRevision, prev.modRevision, prev.value, prev.value);
    const kv: KeyValue = { ...prev, modRevision: revision };
    this.afterWrite({ type: 'DELETED', kv, prev });
    return kv;
  }

  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): Watcher {
    requireWatchableRevision(fromRevision, this.compactedRevision);
    const replay = this.sql.eventsAfter.all(fromRevision, prefix, prefixEnd(prefix) ?? KEY_SPACE_END).map(rowToEvent);
    return this.hub.subscribe(prefix, fromRevision, replay, onEvent);
  }

  async compact(revision: number): Promise<void> {
    this.compactTo(Math.min(revision, this.revision));
  }

  async close(): Promise<void> {
    this.hub.stopAll();
    await this.checkpointer.close();
    // The last connection to close checkpoints the WAL into the database and removes it.
    if (this.db.open) this.db.close();
    if (this.ownerLock.open) this.ownerLock.close();
  }

  private currentRow(key: string): LogRow | undefined {
    const row = this.sql.newest.get(key);
    return row && row.deleted === 0 ? row : undefined;
  }

  private currentKeyValue(key: string): KeyValue | undefined {
    const row = this.currentRow(key);
    return row && rowToKeyValue(row);
  }

  private append(
    key: string, created: boolean, deleted: boolean, createRevision: number, prevRevision: number,
    value: string, oldValue: string | null,
  ): number {
    // This connection is the only writer, so the next revision is known before the insert; an
    // explicit id still advances AUTOINCREMENT's sequence, so it is never handed out again.
    const revision = this.revision + 1;
    this.sql.insert.run(
      revision, key, created ? 1 : 0, deleted ? 1 : 0, created ? revision : createRevision, prevRevision, value, oldValue,
    );
    return revision;
  }

  private afterWrite(event: StoreEvent): void {
    this.revision = event.kv.modRevision;
    this.writesSinceCompaction += 1;
    this.writesSinceCheckpoint += 1;
    if (this.writesSinceCheckpoint >= CHECKPOINT_EVERY) {
      this.writesSinceCheckpoint = 0;
      this.checkpointer.request();
    }
    if (this.writesSinceCompaction >= COMPACT_EVERY && this.revision - this.compactedRevision > this.historyLimit) {
      this.compactTo(this.revision - this.historyLimit);
    }
    this.hub.publish(event);
  }

  private compactTo(revision: number): void {
    if (revision <= this.compactedRevision) return;
    this.db.transaction(() => {
      this.sql.compactSuperseded.run({ revision });
      this.sql.writeMeta.run(COMPACTED_REVISION, revision);
    })();
    this.compactedRevision = revision;
    this.writesSinceCompaction = 0;
  }
}

/**
 * One API server per data dir: its revision counter and in-process watch fan-out assume no other
 * writer. The guard is a tiny SQLite database held in exclusive locking mode: the OS drops the
 * lock when the process dies, even by kill -9, so a crash never leaves a stale lock behind.
 */
function takeOwnerLock(file: string, waitMs: number): Database.Database {
  const lock = new Database(file, { timeout: waitMs });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER); BEGIN IMMEDIATE; DELETE FROM owner; COMMIT;');
    lock.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid);
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StoreError(`the data dir of ${file} is in use by another API server (one server per data dir)`);
    }
    throw error;
  }
}
