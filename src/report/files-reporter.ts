import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { e2eLogLines } from './e2e-log.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import type { RunEvent, RunReport } from './model.js';
import type { Reporter } from './reporter.js';
import { RunState } from './run-state.js';

export const REPORT_FILES = {
  junit: 'junit_01.xml',
  e2eLog: 'e2e.log',
  results: 'results.json',
  html: 'report.html',
} as const;

/**
 * Writes the report files into one folder while the run goes on: e2e.log grows line by line, and
 * junit_01.xml, results.json and report.html are rewritten after every finished test, so an
 * interrupted or killed run still leaves reports of everything that finished. Each rewrite goes to
 * a temporary file first and is renamed into place, so a reader never sees half a file.
 */
export class FilesReporter implements Reporter {
  readonly name = 'files';
  private readonly state: RunState;

  constructor(
    private readonly dir: string,
    kcertVersion: string,
  ) {
    this.state = new RunState(kcertVersion);
  }

  async onEvent(event: Readonly<RunEvent>): Promise<void> {
    if (event.type === 'run-started') {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, REPORT_FILES.e2eLog), '');
    }
    this.state.apply(event);
    await appendFile(join(this.dir, REPORT_FILES.e2eLog), e2eLogLines(event).map((line) => `${line}\n`).join(''));
    if (event.type === 'run-started' || event.type === 'test-finished' || event.type === 'run-finished') {
      const report = this.state.snapshot();
      if (report) await this.writeSnapshot(report);
    }
  }

  private async writeSnapshot(report: RunReport): Promise<void> {
    await atomicWrite(join(this.dir, REPORT_FILES.results), `${JSON.stringify(report, null, 2)}\n`);
    await atomicWrite(join(this.dir, REPORT_FILES.junit), renderJunit(report));
    await atomicWrite(join(this.dir, REPORT_FILES.html), renderHtml(report));
  }
}

async function atomicWrite(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
