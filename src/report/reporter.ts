import type { RunEvent } from './model.js';

/** A consumer of run events: console progress, the JSON stream, the report files. */
export interface Reporter {
  readonly name: string;
  onEvent(event: Readonly<RunEvent>): void | Promise<void>;
  /** Flush and release resources; called once after run-finished (also on interrupted runs). */
  close?(): void | Promise<void>;
}

/**
 * Fans events out to several reporters and contains a broken one: a reporter that throws is switched
 * off with one warning, and the run and the other reporters carry on. Events are delivered in order
 * (each reporter sees event n+1 only after its handling of event n settled), so file writers never race.
 */
export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  private readonly broken = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly reporters: readonly Reporter[],
    private readonly warn: (message: string) => void = (message) => process.stderr.write(`kcert: ${message}\n`),
  ) {}

  onEvent(event: Readonly<RunEvent>): Promise<void> {
    this.queue = this.queue.then(() => this.deliver(event));
    return this.queue;
  }

  /** Resolves once every event handed in so far was handled by every reporter. */
  flush(): Promise<void> {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue;
    for (const reporter of this.reporters) {
      if (this.broken.has(reporter.name) || !reporter.close) continue;
      await this.guard(reporter, () => reporter.close!());
    }
  }

  get brokenReporters(): string[] {
    return [...this.broken];
  }

  private async deliver(event: Readonly<RunEvent>): Promise<void> {
    for (const reporter of this.reporters) {
      if (this.broken.has(reporter.name)) continue;
      await this.guard(reporter, () => reporter.onEvent(event));
    }
  }

  private async guard(reporter: Reporter, call: () => void | Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.broken.add(reporter.name);
      const message = error instanceof Error ? error.message : String(error);
      this.warn(`reporter ${reporter.name} failed and was switched off: ${message}`);
    }
  }
}
