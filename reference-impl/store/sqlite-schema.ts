import type BetterSqlite3 from 'better-sqlite3';
import type { KeyValue, StoreEvent } from './types.ts';

/**
 * The kine layout (k3s-io/kine): one append-only log table where each row is a write. The
 * AUTOINCREMENT id is the store revision, so revisions never repeat, even after the newest
 * row was compacted away. A key's current value is its newest row, unless that row is a
 * deletion. `old_value` and `prev_revision` keep the previous value inline, so watch replay
 * can report `prev` even after compaction removed the older row.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv_log (
  revision INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL,
  old_value TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS kv_log_key_revision ON kv_log (key, revision);
CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export interface LogRow {
  revision: number;
  key: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

export function rowToKeyValue(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.revision };
}

export function rowToEvent(row: LogRow): StoreEvent {
  const kv = rowToKeyValue(row);
  const prev: KeyValue | undefined =
    row.created === 1
      ? undefined
      : { key: row.key, value: row.old_value ?? '', createRevision: row.create_revision, modRevision: row.prev_revision };
  if (row.created === 1) return { type: 'ADDED', kv };
  return { type: row.deleted === 1 ? 'DELETED' : 'MODIFIED', kv, prev };
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: BetterSqlite3.Database) {
  // The newest row per key at or before a revision, in key order, skipping deleted keys.
  // `startAfter` is '' for the first page (every key is greater than '').
  const listAt = db.prepare<[string, string, string, number, number], LogRow>(`
    SELECT l.* FROM kv_log l
    JOIN (SELECT key, MAX(revision) AS revision FROM kv_log
          WHERE key >= ? AND key < ? AND key > ? AND revision <= ?
          GROUP BY key) newest ON l.revision = newest.revision
    WHERE l.deleted = 0
    ORDER BY l.key
    LIMIT ?`);
  return {
    newest: db.prepare<[string], LogRow>('SELECT * FROM kv_log WHERE key = ? ORDER BY revision DESC LIMIT 1'),
    listAt,
    insert: db.prepare<[number, string, number, number, number, number, string, string | null]>(
      `INSERT INTO kv_log (revision, key, created, deleted, create_revision, prev_revision, value, old_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    eventsAfter: db.prepare<[number, string, string], LogRow>(
      'SELECT * FROM kv_log WHERE revision > ? AND key >= ? AND key < ? ORDER BY revision',
    ),
    lastRevision: db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'kv_log'"),
    readMeta: db.prepare<[string], { value: number }>('SELECT value FROM store_meta WHERE name = ?'),
    writeMeta: db.prepare<[string, number]>(
      'INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    // Compaction keeps, for each key, the newest row at or before the target revision (the
    // state a snapshot read at that revision needs) unless it is a deletion, and every later row.
    compactSuperseded: db.prepare<{ revision: number }>(`
      DELETE FROM kv_log WHERE revision <= @revision AND (
        deleted = 1 OR EXISTS (
          SELECT 1 FROM kv_log newer
          WHERE newer.key = kv_log.key AND newer.revision > kv_log.revision AND newer.revision <= @revision))`),
  };
}
