/**
 * The same seeded random history of writes and compactions applied to the memory and SQLite
 * stores: every snapshot list, paginated list and watch replay must agree between them and with
 * a plain model of what each revision held.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStore } from './memory-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import { EventRecorder } from './store-test-helpers.ts';
import type { KeyValue, Store } from './types.ts';
import { seededRandom } from '../testing/seeded-random.ts';

const KEYS = ['/registry/pods/a/', '/registry/pods/b/', '/registry/podsx/', '/registry/services/a/'].flatMap((prefix) =>
  ['x', 'y', 'z', 'zz'].map((name) => prefix + name),
);
const PREFIXES = ['/registry/', '/registry/pods/', '/registry/pods/a/', '/registry/podsx/', '/registry/services/'];

/** What every key held after each revision: the model the stores are checked against. */
type Model = Map<number, Map<string, KeyValue>>;

async function applyRandomHistory(stores: Store[], seed: number, writes: number): Promise<{ model: Model; compacted: number }> {
  const draw = seededRandom(seed);
  const model: Model = new Map([[0, new Map()]]);
  let state = new Map<string, KeyValue>();
  let compacted = 0;
  for (let i = 0; i < writes; i++) {
    const key = KEYS[Math.floor(draw() * KEYS.length)]!;
    const existing = state.get(key);
    const operation = !existing ? 'create' : draw() < 0.3 ? 'delete' : 'update';
    const results: KeyValue[] = [];
    for (const store of stores) {
      if (operation === 'create') results.push(await store.create(key, `v${i}`));
      else if (operation === 'delete') results.push(await store.delete(key, existing!.modRevision));
      else results.push(await store.update(key, `v${i}`, existing!.modRevision));
    }
    expect(results[1], `${operation} ${key} (write ${i})`).to.deep.equal(results[0]);
    const written = results[0]!;
    state = new Map(state);
    if (operation === 'delete') state.delete(key);
    else state.set(key, written);
    model.set(written.modRevision, state);
    // Compact behind the head, as an API server does: to a revision seen a while ago.
    if (i === Math.floor(writes / 3)) compacted = written.modRevision;
    if (i === Math.floor((2 * writes) / 3)) for (const store of stores) await store.compact(compacted);
  }
  return { model, compacted };
}

describe('memory and SQLite stores agree on a random history', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-differential-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists, pages and replays every kept revision the same way, as the model says', async () => {
    const stores: Store[] = [new MemoryStore(), new SqliteStore({ dataDir })];
    try {
      await checkAgreement(stores);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});

async function checkAgreement(stores: Store[]): Promise<void> {
  const { model, compacted } = await applyRandomHistory(stores, 20261127, 300);
  const current = await stores[0]!.currentRevision();
  expect(current).to.equal(300);
  const draw = seededRandom(99);
  for (let round = 0; round < 60; round++) {
    const revision = compacted + Math.floor(draw() * (current - compacted + 1));
    const prefix = PREFIXES[Math.floor(draw() * PREFIXES.length)]!;
    const expected = [...model.get(revision)!.values()]
      .filter((kv) => kv.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const store of stores) {
      const whole = await store.list(prefix, { revision });
      expect(whole.items, `list ${prefix} at ${revision}`).to.deep.equal(expected);
      const paged: KeyValue[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = await store.list(prefix, { revision, limit: 2, startAfter });
        paged.push(...page.items);
        if (!page.more) break;
        startAfter = page.items[page.items.length - 1]!.key;
      }
      expect(paged, `list ${prefix} at ${revision} in pages of 2`).to.deep.equal(expected);
    }
    const count = [...model.keys()].filter((r) => r > revision && changedUnder(model, r, prefix)).length;
    const replays = await Promise.all(
      stores.map(async (store) => {
        const recorder = new EventRecorder();
        const watcher = store.watch(prefix, revision, recorder.onEvent);
        const events = await recorder.waitForCount(count);
        watcher.stop();
        return events.map((e) => ({ type: e.type, kv: e.kv, prev: e.prev }));
      }),
    );
    expect(replays[1], `watch ${prefix} from ${revision}`).to.deep.equal(replays[0]);
  }
}

/** Whether the write at `revision` touched a key under prefix. */
function changedUnder(model: Model, revision: number, prefix: string): boolean {
  const before = model.get(revision - 1)!;
  const after = model.get(revision)!;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (key.startsWith(prefix) && before.get(key) !== after.get(key)) return true;
  }
  return false;
}
