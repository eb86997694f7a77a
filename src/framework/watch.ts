import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { CheckError, ConformanceFailure } from '../errors.js';
import type { Predicate } from './predicate.js';
import { delay, Interrupted } from './retry.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubernetesObject = KubernetesObject> {
  type: WatchEventType;
  object: T;
  /** ms since the recorder started, for "observed over a window" reports. */
  at: number;
}

export interface WatchSpec {
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Start from this resourceVersion: the API must replay what happened since (upstream's list-then-watch). */
  resourceVersion?: string;
  description: string;
}

/**
 * Records the events of one watch, re-establishing it from the last seen resourceVersion when the server
 * closes it (like client-go's RetryWatcher), so a recording covers the whole window it is asked about.
 */
export class WatchRecorder<T extends KubernetesObject = KubernetesObject> {
  readonly events: Array<WatchEvent<T>> = [];
  private cursor = 0;
  private lastResourceVersion: string | undefined;
  private controller: AbortController | undefined;
  private stopped = false;
  private failure: Error | undefined;
  private readonly started = Date.now();
  private listeners: Array<() => void> = [];

  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly spec: WatchSpec,
    private readonly signal: AbortSignal,
  ) {
    this.lastResourceVersion = spec.resourceVersion;
  }

  async start(): Promise<this> {
    await this.connect();
    return this;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const query = {
      labelSelector: this.spec.labelSelector,
      fieldSelector: this.spec.fieldSelector,
      resourceVersion: this.lastResourceVersion,
      allowWatchBookmarks: true,
    };
    this.controller = await new Watch(this.kubeConfig).watch(
      this.spec.path,
      query,
      (type, object: T) => this.receive(type, object),
      (error: unknown) => void this.closed(error),
    );
  }

  private receive(type: string, object: T): void {
    const version = object?.metadata?.resourceVersion;
    if (version) this.lastResourceVersion = version;
    if (type === 'BOOKMARK') return;
    if (type === 'ERROR') {
      const status = object as unknown as { code?: number; message?: string };
      this.failure = new CheckError(`watch of ${this.spec.description} failed: ${status.code ?? ''} ${status.message ?? ''}`);
    } else {
      this.events.push({ type: type as WatchEventType, object, at: Date.now() - this.started });
    }
    this.notify();
  }

  private async closed(error: unknown): Promise<void> {
    if (this.stopped || this.signal.aborted || this.failure) return this.notify();
    const statusCode = (error as { statusCode?: number } | null)?.statusCode;
    if (statusCode !== undefined && statusCode < 500 && statusCode !== 429) {
      this.failure = new ConformanceFailure(`watch of ${this.spec.description} was refused with HTTP ${statusCode}`);
      return this.notify();
    }
    // The server ended the watch (timeout, restart): resume from the last resourceVersion seen.
    try {
      await delay(error ? 500 : 50, this.signal, `watching ${this.spec.description}`);
      await this.connect();
    } catch (reconnectError) {
      if (!(reconnectError instanceof Interrupted)) this.failure = reconnectError as Error;
      this.notify();
    }
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  /** Resolves at the next event (or failure/stop), or after `ms`. */
  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.listeners.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Waits for the next recorded event (after the previously matched one) that satisfies `match`.
   * On timeout: a ConformanceFailure naming the expected event and listing the events seen.
   */
  async waitFor(description: string, match: (event: WatchEvent<T>) => boolean, timeoutMs: number): Promise<WatchEvent<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.signal.aborted) throw new Interrupted(`waiting for ${description}`);
      const index = this.events.findIndex((event, i) => i >= this.cursor && match(event));
      if (index >= 0) {
        this.cursor = index + 1;
        return this.events[index]!;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ConformanceFailure(
          `expected ${description} on the watch of ${this.spec.description} within ${Math.round(timeoutMs / 1000)}s; events seen: ${this.describeEvents()}`,
        );
      }
      await this.nextChange(Math.min(left, 1_000));
    }
  }

  /**
   * Waits for the next event of `type` (any type if undefined) whose object satisfies `predicate`:
   * upstream's watchtools.Until with a condition on the event.
   */
  async waitForEvent(type: WatchEventType | undefined, predicate: Predicate<T> | undefined, timeoutMs: number): Promise<WatchEvent<T>> {
    const description = `${type ?? 'an event'}${predicate ? ` showing ${predicate.description}` : ''}`;
    return this.waitFor(description, (event) => (!type || event.type === type) && (!predicate || predicate.check(event.object).ok), timeoutMs);
  }

  describeEvents(): string {
    if (this.events.length === 0) return 'none';
    return this.events
      .slice(-12)
      .map((e) => `${e.type} ${e.object.metadata?.name ?? ''}@${e.object.metadata?.resourceVersion ?? '?'}`)
      .join(', ');
  }

  get error(): Error | undefined {
    return this.failure;
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.notify();
  }
}
