import { isConflict, isNotFound } from '../../client/index.ts';
import { WorkQueue } from './work-queue.ts';

/** What a reconcile asks of the runner: check this key again later (time-based recheck). */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

export type ReconcileFunction = (key: string) => Promise<ReconcileResult | void>;

export interface RunnerOptions {
  workers?: number;
  log?: (line: string) => void;
}

/**
 * Runs a level-triggered reconcile(key) on a few workers fed by a de-duplicating work queue.
 * A thrown error requeues the key with backoff (a Conflict or NotFound from a stale cache is
 * expected and retried silently); a result with requeueAfterMs schedules a recheck; success resets
 * the key's backoff. Event handlers only enqueue keys.
 */
export class ControllerRunner {
  readonly queue = new WorkQueue();
  private workers: Promise<void>[] = [];
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly reconcile: ReconcileFunction,
    private readonly options: RunnerOptions = {},
  ) {}

  enqueue(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  start(): void {
    const count = this.options.workers ?? 2;
    for (let i = 0; i < count; i++) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined || this.stopped) return;
      try {
        const result = await this.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (error) {
        if (!this.stopped) {
          if (!isConflict(error) && !isNotFound(error)) this.options.log?.(`${this.name} ${key}: ${(error as Error).message}`);
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }
}
