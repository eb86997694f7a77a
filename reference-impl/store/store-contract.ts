/**
 * The one behavioural contract every Store backend must meet (memory, sqlite, etcd). Each
 * backend's test file calls runStoreContract with a harness; the tests themselves know nothing
 * about the backend. Every test works under its own key root so backends that share one server
 * between tests (etcd) stay isolated.
 */
import { expect } from 'chai';
import type { Store, StoreEvent } from './types.ts';
import { CompactedError, FutureRevisionError, KeyExistsError, KeyNotFoundError, RevisionConflictError } from './types.ts';
import { EventRecorder, expectRejects } from './store-test-helpers.ts';

export { EventRecorder, expectRejects };

export interface StoreHarness {
  /** A store to test against; the contract closes it. */
  open(): Promise<Store>;
  /** Durable backends only: close `store` and open the same data again (a restart). */
  reopen?(store: Store): Promise<Store>;
}

let rootCounter = 0;
/** A key root no other test uses, e.g. `/registry/c3-1700000000000/`. */
function freshRoot(): string {
  rootCounter += 1;
  return `/registry/c${rootCounter}-${Date.now().toString(36)}/`;
}

function summary(events: StoreEvent[]): Array<[string, string, string, number]> {
  return events.map((e) => [e.type, e.kv.key, e.kv.value, e.kv.modRevision]);
}

export function runStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, function () {
    let store: Store;
    let root: string;

    beforeEach(async () => {
      store = await harness.open();
      root = freshRoot();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('create, get, update, delete', () => {
      it('creates a key at a new revision and reads it back', async () => {
        const before = await store.currentRevision();
        const kv = await store.create(`${root}a`, 'one');
        expect(kv).to.include({ key: `${root}a`, value: 'one' });
        expect(kv.modRevision).to.be.greaterThan(before);
        expect(kv.createRevision).to.equal(kv.modRevision);
        expect(await store.get(`${root}a`)).to.deep.equal(kv);
        expect(await store.currentRevision()).to.equal(kv.modRevision);
        expect(await store.get(`${root}missing`)).to.equal(undefined);
      });

      it('refuses to create a key twice', async () => {
        await store.create(`${root}a`, 'one');
        await expectRejects(store.create(`${root}a`, 'two'), KeyExistsError);
        expect((await store.get(`${root}a`))?.value).to.equal('one');
      });

      it('updates keep createRevision, raise modRevision and honour the expected revision', async () => {
        const created = await store.create(`${root}a`, 'one');
        const updated = await store.update(`${root}a`, 'two', created.modRevision);
        expect(updated.createRevision).to.equal(created.createRevision);
        expect(updated.modRevision).to.be.greaterThan(created.modRevision);
        await expectRejects(store.update(`${root}a`, 'stale', created.modRevision), RevisionConflictError);
        const unconditional = await store.update(`${root}a`, 'three');
        expect(unconditional.modRevision).to.be.greaterThan(updated.modRevision);
        expect((await store.get(`${root}a`))?.value).to.equal('three');
        await expectRejects(store.update(`${root}missing`, 'x'), KeyNotFoundError);
      });

      it('deletes return the last value at the deletion revision and honour the expected revision', async () => {
        const created = await store.create(`${root}a`, 'one');
        await store.update(`${root}a`, 'two');
        await expectRejects(store.delete(`${root}a`, created.modRevision), RevisionConflictError);
        const deleted = await store.delete(`${root}a`);
        expect(deleted).to.include({ key: `${root}a`, value: 'two', createRevision: created.createRevision });
        expect(deleted.modRevision).to.equal(await store.currentRevision());
        expect(await store.get(`${root}a`)).to.equal(undefined);
        await expectRejects(store.delete(`${root}a`), KeyNotFoundError);
        const recreated = await store.create(`${root}a`, 'again');
        expect(recreated.createRevision).to.be.greaterThan(deleted.modRevision);
      });

      it('gives every write a strictly greater revision than the one before', async () => {
        const revisions: number[] = [];
        for (let i = 0; i < 5; i++) revisions.push((await store.create(`${root}k${i}`, `v${i}`)).modRevision);
        revisions.push((await store.update(`${root}k0`, 'x')).modRevision);
        revisions.push((await store.delete(`${root}k1`)).modRevision);
        revisions.push((await store.create(`${root}k1`, 'back')).modRevision);
        for (let i = 1; i < revisions.length; i++) expect(revisions[i]).to.be.greaterThan(revisions[i - 1]!);
      });

      it('serializes concurrent conditional updates: exactly one wins', async () => {
        const created = await store.create(`${root}a`, '0');
        const attempts = await Promise.allSettled(
          [1, 2, 3, 4].map((i) => store.update(`${root}a`, String(i), created.modRevision)),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).to.have.length(1);
        for (const a of attempts) {
          if (a.status === 'rejected') expect(a.reason).to.be.instanceOf(RevisionConflictError);
        }
      });
    });

    describe('list', () => {
      it('returns the keys under a prefix in key order, never a sibling that shares the text', async () => {
        for (const name of ['c', 'a', 'b']) await store.create(`${root}pods/ns/${name}`, name);
        await store.create(`${root}podsecurity/x`, 'x');
        await store.create(`${root}pods`, 'bare');
        const listed = await store.list(`${root}pods/`);
        expect(listed.items.map((kv) => kv.value)).to.deep.equal(['a', 'b', 'c']);
        expect(listed.more).to.equal(false);
        expect(listed.revision).to.equal(await store.currentRevision());
        expect((await store.list(`${root}nothing/`)).items).to.deep.equal([]);
      });

      it('pages with limit and startAfter through every key exactly once', async () => {
        for (let i = 0; i < 7; i++) await store.create(`${root}items/${String(i).padStart(2, '0')}`, String(i));
        const seen: string[] = [];
        let startAfter: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await store.list(`${root}items/`, { limit: 3, startAfter });
          pages += 1;
          seen.push(...page.items.map((kv) => kv.value));
          if (!page.more) break;
          startAfter = page.items[page.items.length - 1]!.key;
        }
        expect(seen).to.deep.equal(['0', '1', '2', '3', '4', '5', '6']);
        expect(pages).to.equal(3);
        const exact = await store.list(`${root}items/`, { limit: 7 });
        expect(exact.more).to.equal(false);
      });

      it('reads a consistent snapshot at an earlier revision while writes go on', async () => {
        await store.create(`${root}s/a`, 'a1');
        await store.create(`${root}s/b`, 'b1');
        await store.create(`${root}s/c`, 'c1');
        const first = await store.list(`${root}s/`, { limit: 2 });
        await store.update(`${root}s/a`, 'a2');
        await store.delete(`${root}s/c`);
        await store.create(`${root}s/d`, 'd1');
        await store.create(`${root}s/bb`, 'bb1');
        const rest = await store.list(`${root}s/`, { startAfter: first.items[1]!.key, revision: first.revision });
        expect(rest.revision).to.equal(first.revision);
        expect([...first.items, ...rest.items].map((kv) => kv.value)).to.deep.equal(['a1', 'b1', 'c1']);
        const whole = await store.list(`${root}s/`, { revision: first.revision });
        expect(whole.items.map((kv) => [kv.value, kv.modRevision])).to.deep.equal(
          first.items.concat(rest.items).map((kv) => [kv.value, kv.modRevision]),
        );
        const latest = await store.list(`${root}s/`);
        expect(latest.items.map((kv) => kv.value)).to.deep.equal(['a2', 'b1', 'bb1', 'd1']);
      });

      it('refuses a revision from the future', async () => {
        await store.create(`${root}a`, 'a');
        const now = await store.currentRevision();
        await expectRejects(store.list(`${root}`, { revision: now + 1000 }), FutureRevisionError);
      });
    });

    describe('watch', () => {
      it('replays history after fromRevision in revision order, then streams live writes', async () => {
        const start = await store.currentRevision();
        await store.create(`${root}w/a`, 'a1');
        await store.create(`${root}w/b`, 'b1');
        await store.update(`${root}w/a`, 'a2');
        await store.delete(`${root}w/b`);
        const recorder = new EventRecorder();
        const watcher = store.watch(`${root}w/`, start, recorder.onEvent);
        try {
          const replayed = await recorder.waitForCount(4);
          expect(replayed.map((e) => [e.type, e.kv.value])).to.deep.equal([
            ['ADDED', 'a1'], ['ADDED', 'b1'], ['MODIFIED', 'a2'], ['DELETED', 'b1'],
          ]);
          expect(replayed[2]!.prev?.value).to.equal('a1');
          expect(replayed[3]!.prev?.value).to.equal('b1');
          const live = await store.create(`${root}w/c`, 'c1');
          const all = await recorder.waitForCount(5);
          expect(all[4]).to.deep.include({ type: 'ADDED' });
          expect(all[4]!.kv).to.deep.equal(live);
          const revisions = all.map((e) => e.kv.modRevision);
          expect([...revisions].sort((x, y) => x - y)).to.deep.equal(revisions);
        } finally {
          watcher.stop();
        }
      });

      it('starts strictly after fromRevision and filters by prefix', async () => {
        await store.create(`${root}w/old`, 'old');
        const from = await store.currentRevision();
        const recorder = new EventRecorder();
        const watcher = store.watch(`${root}w/`, from, recorder.onEvent);
        try {
          await store.create(`${root}wx/sibling`, 'no');
          await store.create(`${root}other/a`, 'no');
          await store.update(`${root}w/old`, 'new');
          await store.create(`${root}w/z`, 'z');
          const events = await recorder.waitForCount(2);
          expect(summary(events).map(([type, , value]) => [type, value])).to.deep.equal([['MODIFIED', 'new'], ['ADDED', 'z']]);
        } finally {
          watcher.stop();
        }
      });

      it('reports a deletion with the last value at the deletion revision', async () => {
        const created = await store.create(`${root}w/a`, 'last');
        const recorder = new EventRecorder();
        const watcher = store.watch(`${root}w/`, created.modRevision, recorder.onEvent);
        try {
          const deleted = await store.delete(`${root}w/a`);
          const [event] = await recorder.waitForCount(1);
          expect(event!.type).to.equal('DELETED');
          expect(event!.kv).to.include({ key: `${root}w/a`, value: 'last', modRevision: deleted.modRevision });
          expect(event!.prev?.modRevision).to.equal(created.modRevision);
        } finally {
          watcher.stop();
        }
      });

      it('gives concurrent watchers the same events in the same order', async () => {
        const from = await store.currentRevision();
        const one = new EventRecorder();
        const two = new EventRecorder();
        const watchers = [store.watch(`${root}w/`, from, one.onEvent), store.watch(`${root}w/`, from, two.onEvent)];
        try {
          await Promise.all([0, 1, 2, 3, 4, 5].map((i) => store.create(`${root}w/${i}`, String(i))));
          await store.update(`${root}w/3`, 'three');
          const a = await one.waitForCount(7);
          const b = await two.waitForCount(7);
          expect(summary(a)).to.deep.equal(summary(b));
          const revisions = a.map((e) => e.kv.modRevision);
          expect([...revisions].sort((x, y) => x - y)).to.deep.equal(revisions);
        } finally {
          for (const w of watchers) w.stop();
        }
      });

      it('delivers nothing after stop()', async () => {
        const from = await store.currentRevision();
        const stopped = new EventRecorder();
        const control = new EventRecorder();
        const stoppedWatcher = store.watch(`${root}w/`, from, stopped.onEvent);
        const controlWatcher = store.watch(`${root}w/`, from, control.onEvent);
        try {
          await store.create(`${root}w/a`, 'a');
          await stopped.waitForCount(1);
          stoppedWatcher.stop();
          await store.create(`${root}w/b`, 'b');
          await store.create(`${root}w/c`, 'c');
          await control.waitForCount(3);
          expect(stopped.events).to.have.length(1);
        } finally {
          controlWatcher.stop();
        }
      });
    });

    describe('compaction', () => {
      it('answers CompactedError for reads and watches older than the kept history', async () => {
        const first = await store.create(`${root}a`, '1');
        await store.update(`${root}a`, '2');
        const kept = await store.update(`${root}a`, '3');
        await store.create(`${root}b`, 'b');
        await store.compact(kept.modRevision);
        const listError = await expectRejects(store.list(root, { revision: first.modRevision }), CompactedError);
        expect(listError.compactedRevision).to.be.at.least(kept.modRevision);
        expect(() => store.watch(root, first.modRevision, () => {})).to.throw(CompactedError);
        // The compaction point itself and everything after it stay readable and watchable.
        const atKept = await store.list(root, { revision: kept.modRevision });
        expect(atKept.items.map((kv) => kv.value)).to.deep.equal(['3']);
        const recorder = new EventRecorder();
        const watcher = store.watch(root, kept.modRevision, recorder.onEvent);
        try {
          const [event] = await recorder.waitForCount(1);
          expect(event).to.deep.include({ type: 'ADDED' });
          expect(event!.kv.value).to.equal('b');
        } finally {
          watcher.stop();
        }
        expect((await store.get(`${root}a`))?.value).to.equal('3');
      });
    });

    if (harness.reopen) {
      const reopen = harness.reopen;
      describe('restart', () => {
        it('keeps every acknowledged write and keeps revisions increasing', async () => {
          const a = await store.create(`${root}r/a`, 'a');
          await store.create(`${root}r/b`, 'b');
          const newest = await store.delete(`${root}r/b`);
          store = await reopen(store);
          expect(await store.get(`${root}r/a`)).to.deep.equal(a);
          expect(await store.get(`${root}r/b`)).to.equal(undefined);
          expect(await store.currentRevision()).to.be.at.least(newest.modRevision);
          const after = await store.create(`${root}r/c`, 'c');
          expect(after.modRevision).to.be.greaterThan(newest.modRevision);
        });

        it('still increases revisions after the newest write was a compacted deletion', async () => {
          await store.create(`${root}r/a`, 'a');
          const deleted = await store.delete(`${root}r/a`);
          await store.compact(deleted.modRevision);
          store = await reopen(store);
          const next = await store.create(`${root}r/a`, 'again');
          expect(next.modRevision).to.be.greaterThan(deleted.modRevision);
        });

        it('replays history written before the restart to a watch', async () => {
          const from = await store.currentRevision();
          await store.create(`${root}r/a`, 'a');
          await store.update(`${root}r/a`, 'a2');
          store = await reopen(store);
          const recorder = new EventRecorder();
          const watcher = store.watch(`${root}r/`, from, recorder.onEvent);
          try {
            await store.create(`${root}r/b`, 'b');
            const events = await recorder.waitForCount(3);
            expect(events.map((e) => [e.type, e.kv.value])).to.deep.equal([['ADDED', 'a'], ['MODIFIED', 'a2'], ['ADDED', 'b']]);
          } finally {
            watcher.stop();
          }
        });
      });
    }
  });
}


