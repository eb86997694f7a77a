import type { Outcome, RunEvent, RunReport, TestResult } from './model.js';
import type { Reporter } from './reporter.js';

export interface ConsoleOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Only the final summary. */
  quiet: boolean;
  /** Where the report files go, printed at the start and the end. */
  outputDir?: string;
  now?: () => number;
  /** Off a terminal: print a status line after this long without output (default 30 s). */
  heartbeatMs?: number;
}

const LABELS: Record<Outcome, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  error: 'ERROR',
  skipped: 'SKIP',
  'not-supported': 'N/S',
};

/**
 * Live progress. On a terminal: one progress line, redrawn in place (done/total, passed/failed,
 * running tests, elapsed), with failures printed above it as they happen. Off a terminal (CI logs):
 * one plain line per finished test, nothing redrawn.
 */
export class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private total = 0;
  private done = 0;
  private passed = 0;
  private failed = 0;
  private startedAt = 0;
  private readonly running = new Set<string>();
  /** Bodies done, namespaces being deleted: no longer holding a parallel slot. */
  private readonly cleaning = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lineShown = false;
  private lastPrintedAt = 0;
  private readonly heartbeatMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ConsoleOptions) {
    this.now = options.now ?? Date.now;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  private get tty(): boolean {
    return Boolean(this.options.out.isTTY) && !this.options.quiet;
  }

  onEvent(event: Readonly<RunEvent>): void {
    switch (event.type) {
      case 'run-started':
        this.total = event.planned.length;
        this.startedAt = this.now();
        if (!this.options.quiet) {
          this.print(
            `kcert run ${event.runId}: ${this.total} tests against ${event.target.server} (${event.target.serverVersion}), parallel ${event.selection.parallel}` +
              (this.options.outputDir ? `\nreports: ${this.options.outputDir}` : ''),
          );
        }
        if (this.tty) this.timer = setInterval(() => this.redraw(), 1000).unref();
        else if (!this.options.quiet) this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs).unref();
        return;
      case 'test-started':
        this.running.add(event.id);
        this.redraw();
        return;
      case 'test-cleanup':
        this.running.delete(event.id);
        this.cleaning.add(event.id);
        this.redraw();
        return;
      case 'test-finished':
        this.finished(event.result);
        return;
      case 'warning':
        this.print(`warning: ${event.message}`);
        return;
      case 'run-finished':
        this.stopTimer();
        this.clearLine();
        this.print(summary(event.report, this.options.outputDir));
        return;
      default:
        return;
    }
  }

  close(): void {
    this.stopTimer();
    this.clearLine();
  }

  private finished(result: TestResult): void {
    this.running.delete(result.id);
    this.cleaning.delete(result.id);
    this.done += 1;
    if (result.result === 'passed') this.passed += 1;
    if (result.result === 'failed' || result.result === 'error') this.failed += 1;
    const bad = result.result === 'failed' || result.result === 'error';
    if (!this.options.quiet && (!this.tty || bad)) {
      const detail = result.failure ? `: ${firstLine(result.failure.message)}` : result.reason ? `: ${result.reason}` : '';
      this.print(`[${this.done}/${this.total}] ${LABELS[result.result]} ${result.id} (${(result.durationMs / 1000).toFixed(1)}s)${detail}`);
    }
    this.redraw();
  }

  /**
   * Off a terminal, a long test would leave the log silent for minutes (the complaint users of other
   * runners have most): after a quiet interval, one plain line says what is still running.
   */
  private heartbeat(): void {
    if (this.now() - this.lastPrintedAt < this.heartbeatMs) return;
    this.print(`… ${this.statusText()}`);
  }

  private statusText(): string {
    const elapsed = Math.round((this.now() - this.startedAt) / 1000);
    const running = [...this.running].join(', ');
    const cleaning = this.cleaning.size > 0 ? ` · ${this.cleaning.size} cleaning up` : '';
    return `${this.done}/${this.total} done · ${this.passed} passed · ${this.failed} failed · ${formatElapsed(elapsed)}${cleaning} · running: ${running || '-'}`;
  }

  private redraw(): void {
    if (!this.tty) return;
    let line = this.statusText();
    const width = this.options.out.columns ?? 120;
    if (line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
    this.options.out.write(`\r\x1b[2K${line}`);
    this.lineShown = true;
  }

  private print(text: string): void {
    this.clearLine();
    this.options.out.write(`${text}\n`);
    this.lastPrintedAt = this.now();
    this.redraw();
  }

  private clearLine(): void {
    if (this.lineShown) this.options.out.write('\r\x1b[2K');
    this.lineShown = false;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export function summary(report: RunReport, outputDir?: string): string {
  const t = report.totals;
  const lines = [
    `${report.status === 'completed' ? 'Done' : `Run ${report.status}`} in ${(report.durationMs / 1000).toFixed(1)}s: ` +
      `${t.passed} passed, ${t.failed} failed, ${t.error} error, ${t.skipped} skipped, ${t['not-supported']} not supported` +
      (t.notRun > 0 ? `, ${t.notRun} not run` : ''),
  ];
  const bad = report.tests.filter((test) => test.result === 'failed' || test.result === 'error');
  for (const test of bad) lines.push(`  ${LABELS[test.result]} ${test.id}: ${firstLine(test.failure?.message ?? '')}`);
  if (outputDir) lines.push(`reports: ${outputDir}`);
  return lines.join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function formatElapsed(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
