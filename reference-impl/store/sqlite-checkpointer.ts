import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection. A checkpoint copies
 * the WAL into the database file and fsyncs it: 5–10 ms on an idle disk, hundreds when the disk
 * is busy. Left to SQLite's auto-checkpoint it would run inside whichever write crosses the
 * threshold, on the event loop, and stall every request queued behind it. A PASSIVE checkpoint
 * never blocks the writer, so the API server's thread only ever appends to the WAL.
 */
/** 16,384 pages of 4 KiB: a 64 MiB WAL. */
const MAX_WAL_FRAMES = 16_384;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private running = false;
  private pending = false;
  private closed = false;
  private lastError: string | undefined;

  /**
   * onWalTooLong: a PASSIVE checkpoint cannot rewind the WAL while writes keep arriving during
   * it, so under unbroken write load the WAL could grow without end; past MAX_WAL_FRAMES the
   * store then checkpoints on its own thread once (a rare stall instead of an unbounded file).
   */
  constructor(file: string, onWalTooLong: () => void) {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    // Plain JavaScript evaluated in the worker: no TypeScript loader needed there.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, modulePath } });
    this.worker.on('message', (message: { error?: string; walFrames?: number }) => {
      this.lastError = message.error;
      this.running = false;
      if ((message.walFrames ?? 0) > MAX_WAL_FRAMES) onWalTooLong();
      if (this.pending) this.request();
    });
    this.worker.on('error', (error) => {
      // The worker is gone: the WAL keeps growing until the store closes, which checkpoints.
      this.lastError = String(error);
      this.closed = true;
    });
    // A store left open must not keep the process alive (after the listeners, which would re-ref it).
    this.worker.unref();
  }

  /** Asks for a checkpoint; requests made while one runs collapse into one more. */
  request(): void {
    if (this.closed) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = true;
    this.pending = false;
    this.worker.postMessage('checkpoint');
  }

  /** The last checkpoint's failure, if it failed (for diagnostics). */
  get error(): string | undefined {
    return this.lastError;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, { timeout: 5000 });
parentPort.on('message', () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ walFrames: result ? result.log : 0 });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;
