/**
 * Child process for the kill -9 durability test: writes to a SqliteStore as fast as it can and
 * prints one line per acknowledged write (`ack KEY VALUE REVISION`), so the parent knows
 * exactly which writes the store promised to keep when it kills this process.
 *   node --import tsx durability-writer.ts DATA_DIR full|normal
 */
import { SqliteStore } from './sqlite-store.ts';

const [dataDir, synchronous] = process.argv.slice(2);
if (!dataDir || (synchronous !== 'full' && synchronous !== 'normal')) {
  process.stderr.write('usage: durability-writer.ts DATA_DIR full|normal\n');
  process.exit(2);
}

const store = new SqliteStore({ dataDir, synchronous });
process.stdout.write(`ready ${await store.currentRevision()}\n`);
for (let i = 0; ; i++) {
  const key = `/registry/configmaps/default/cm-${i % 50}`;
  const value = `v${i}`;
  const existing = await store.get(key);
  const kv = existing ? await store.update(key, value, existing.modRevision) : await store.create(key, value);
  // A synchronous write: the line is in the pipe before the next store call starts.
  process.stdout.write(`ack ${key} ${value} ${kv.modRevision}\n`);
}
