import type { RunEvent } from './model.js';
import type { Reporter } from './reporter.js';

/** --json: every run event as one JSON object per line (NDJSON), for machines. */
export class JsonStreamReporter implements Reporter {
  readonly name = 'json';

  constructor(private readonly out: NodeJS.WritableStream) {}

  onEvent(event: Readonly<RunEvent>): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }
}
