/**
 * kill -9 at the store level: a child process writes to SQLite and reports every acknowledged
 * write; the test kills it mid-stream, reopens the data dir and checks nothing acknowledged
 * was lost, revisions keep increasing and a watch resumes from the last revision seen.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from './sqlite-store.ts';
import { EventRecorder } from './store-contract.ts';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'durability-writer.ts');

interface Ack {
  key: string;
  value: string;
  revision: number;
}

/** Runs the writer until it has acknowledged `count` writes, then kills it with SIGKILL. */
async function writeThenKill(dataDir: string, synchronous: 'full' | 'normal', count: number): Promise<Ack[]> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, synchronous], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const acks: Ack[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout! })) {
      const [tag, key, value, revision] = line.split(' ');
      if (tag !== 'ack') continue;
      acks.push({ key: key!, value: value!, revision: Number(revision) });
      if (acks.length === count) {
        child.kill('SIGKILL');
        break;
      }
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  expect(acks, `writer stopped early: ${stderr}`).to.have.length(count);
  expect(child.signalCode).to.equal('SIGKILL');
  return acks;
}

/** The last acknowledged value of each key. */
function lastAcked(acks: Ack[]): Map<string, Ack> {
  const last = new Map<string, Ack>();
  for (const ack of acks) last.set(ack.key, ack);
  return last;
}

describe('SqliteStore survives kill -9', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const synchronous of ['full', 'normal'] as const) {
    it(`keeps every acknowledged write (synchronous=${synchronous}) and resumes revisions and watches`, async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-durability-'));
      dirs.push(dataDir);
      const firstRun = await writeThenKill(dataDir, synchronous, 300);
      const secondRun = await writeThenKill(dataDir, synchronous, 100);
      // The second run started on the first run's data: its revisions continue from there.
      expect(secondRun[0]!.revision).to.be.greaterThan(firstRun[firstRun.length - 1]!.revision);

      const store = new SqliteStore({ dataDir, synchronous });
      try {
        const lastSeen = secondRun[secondRun.length - 1]!.revision;
        // The writer may have run ahead of the acks this test read before killing it.
        expect(await store.currentRevision()).to.be.at.least(lastSeen);
        for (const [key, ack] of lastAcked([...firstRun, ...secondRun])) {
          const kv = await store.get(key);
          expect(kv, key).to.not.equal(undefined);
          if (kv!.modRevision === ack.revision) expect(kv!.value).to.equal(ack.value);
          else expect(kv!.modRevision, `${key} lost its acknowledged write`).to.be.greaterThan(lastSeen);
        }

        // A client that saw revision lastSeen before the crash resumes its watch from there.
        const recorder = new EventRecorder();
        const watcher = store.watch('/registry/configmaps/', lastSeen, recorder.onEvent);
        const next = await store.update('/registry/configmaps/default/cm-0', 'after-restart');
        expect(next.modRevision).to.be.greaterThan(lastSeen);
        await recorder.waitForCount(next.modRevision - lastSeen);
        watcher.stop();
        const revisions = recorder.events.map((e) => e.kv.modRevision);
        expect(revisions[0]).to.equal(lastSeen + 1);
        expect(revisions[revisions.length - 1]).to.equal(next.modRevision);
      } finally {
        await store.close();
      }
    });
  }
});
