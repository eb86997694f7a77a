import type { KubernetesObject } from '@kubernetes/client-node';
import { ConformanceFailure } from '../errors.js';
import type { Predicate } from './predicate.js';
import type { WatchRecorder } from './watch.js';

/**
 * An invariant watched over a window: every state the watch shows must satisfy it (upstream's
 * "fail if updatedReplicas > 0 and replicas != updatedReplicas at any point"). For a selection the
 * invariant sees the whole current set after each event.
 */
export class Guard<T> {
  private violation: { observed: string; at: number } | undefined;
  private checked = 0;
  private readonly current = new Map<string, KubernetesObject>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly recorder: WatchRecorder,
    private readonly invariant: Predicate<T>,
    private readonly subject: string,
    private readonly asSet: boolean,
    initial: KubernetesObject[],
    /** For a selection: objects the invariant is about (e.g. owned by the Deployment); others are ignored. */
    private readonly keep: (object: KubernetesObject) => boolean = () => true,
  ) {
    for (const object of initial) this.current.set(keyOf(object), object);
    this.evaluate(0);
    this.timer = setInterval(() => this.drain(), 20);
  }

  private processed = 0;

  /** Applies recorded events in order, checking the invariant after each. */
  private drain(): void {
    while (this.processed < this.recorder.events.length) {
      const event = this.recorder.events[this.processed++]!;
      if (event.type === 'DELETED' || !this.keep(event.object)) this.current.delete(keyOf(event.object));
      else this.current.set(keyOf(event.object), event.object);
      this.evaluate(event.at);
    }
  }

  private evaluate(at: number): void {
    if (this.violation) return;
    this.checked++;
    const objects = [...this.current.values()];
    const value = (this.asSet ? objects : objects[0]) as T | undefined;
    const verdict = this.invariant.check(value);
    if (!verdict.ok) this.violation = { observed: verdict.observed, at };
  }

  /** Throws the violation as soon as one was seen, so a wait running meanwhile fails with the real cause. */
  throwIfViolated(): void {
    if (this.stopped) return;
    this.drain();
    if (this.violation) throw this.failure();
  }

  private stopped = false;

  private failure(): ConformanceFailure {
    const violation = this.violation!;
    return new ConformanceFailure(
      `${this.subject}: expected ${this.invariant.description} at all times; at ${(violation.at / 1000).toFixed(1)}s into the window observed ${violation.observed}`,
    );
  }

  /** Stops watching; throws ConformanceFailure if the invariant was ever broken. */
  async stop(): Promise<void> {
    this.drain();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.recorder.stop();
    this.stopped = true;
    if (this.violation) throw this.failure();
    if (this.recorder.error) throw this.recorder.error;
  }

  /** How many states were checked: lets a test show the window was really observed. */
  get statesChecked(): number {
    return this.checked;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.recorder.stop();
  }
}

function keyOf(object: KubernetesObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
