import type { StoreEvent, Watcher } from './types.ts';
import { hasPrefix } from './key-range.ts';

/**
 * In-process watch fan-out for backends whose only writer lives in this process (memory,
 * sqlite). A subscription receives its replayed history first, then live events, strictly in
 * revision order. Delivery is asynchronous (a microtask after the write or the subscribe call)
 * so a callback never runs inside a write and `watch()` returns before the first event.
 */
export class WatchHub {
  private readonly subscriptions = new Set<Subscription>();

  /**
   * Registers a watcher. `replay` holds the already-committed events after fromRevision for
   * this prefix; it must be read in the same synchronous turn as this call so no write slips
   * between the replay and the live stream.
   */
  subscribe(
    prefix: string,
    fromRevision: number,
    replay: StoreEvent[],
    onEvent: (event: StoreEvent) => void,
  ): Watcher {
    const subscription = new Subscription(prefix, fromRevision, onEvent, () => {
      this.subscriptions.delete(subscription);
    });
    this.subscriptions.add(subscription);
    for (const event of replay) subscription.enqueue(event);
    subscription.scheduleFlush();
    return { stop: () => subscription.stop() };
  }

  /** Call once per committed write, in revision order. */
  publish(event: StoreEvent): void {
    for (const subscription of this.subscriptions) {
      if (subscription.wants(event)) {
        subscription.enqueue(event);
        subscription.scheduleFlush();
      }
    }
  }

  get size(): number {
    return this.subscriptions.size;
  }

  stopAll(): void {
    for (const subscription of [...this.subscriptions]) subscription.stop();
  }
}

class Subscription {
  private queue: StoreEvent[] = [];
  private flushScheduled = false;
  private stopped = false;
  /** Highest revision queued so far: guards against a replayed event arriving again live. */
  private lastQueued: number;

  constructor(
    private readonly prefix: string,
    fromRevision: number,
    private readonly onEvent: (event: StoreEvent) => void,
    private readonly onStop: () => void,
  ) {
    this.lastQueued = fromRevision;
  }

  wants(event: StoreEvent): boolean {
    return !this.stopped && hasPrefix(event.kv.key, this.prefix);
  }

  enqueue(event: StoreEvent): void {
    if (event.kv.modRevision <= this.lastQueued) return;
    this.lastQueued = event.kv.modRevision;
    this.queue.push(event);
  }

  scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = [];
    this.onStop();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const event of batch) {
      if (this.stopped) return;
      try {
        this.onEvent(event);
      } catch (error) {
        // A throwing consumer must not break the writer or other watchers: it loses its watch,
        // exactly as if its connection had dropped, and the process is told why.
        this.stop();
        process.emitWarning(`store watcher on ${this.prefix} stopped: its callback threw ${String(error)}`);
        return;
      }
    }
  }
}
