import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { ConsoleReporter } from './console-reporter.js';
import type { RunEvent } from './model.js';
import { sampleReport } from './report-fixtures.js';

function capture(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out, text: () => text };
}

function events(): RunEvent[] {
  const report = sampleReport();
  const at = report.startedAt;
  return [
    { type: 'run-started', at, runId: report.runId, target: report.target, selection: report.selection, planned: report.tests },
    { type: 'test-started', at, id: 'rolls-out', namespace: 'ns-1' },
    { type: 'test-started', at, id: 'scales-two-ways', namespace: 'ns-2' },
    { type: 'test-finished', at, result: report.tests[0]! },
    { type: 'test-finished', at, result: report.tests[1]! },
    { type: 'run-finished', at, report },
  ];
}

describe('ConsoleReporter', () => {
  it('off a terminal prints one plain line per finished test and a summary, never redraws', () => {
    const { out, text } = capture(false);
    const reporter = new ConsoleReporter({ out, quiet: false, outputDir: '/tmp/r' });
    for (const event of events()) reporter.onEvent(event);
    reporter.close();
    expect(text()).to.include('[1/5] PASS rolls-out (1.5s)').and.include('[2/5] FAIL scales-two-ways (2.0s): expected 3 replicas, saw 2');
    expect(text()).to.include('Done in 5.0s: 1 passed, 1 failed, 1 error, 1 skipped, 1 not supported, 1 not run');
    expect(text()).not.to.include('\r');
  });

  it('on a terminal keeps one progress line with counts and running tests, and prints failures above it', () => {
    const { out, text } = capture(true);
    const reporter = new ConsoleReporter({ out, quiet: false, now: () => 0 });
    for (const event of events().slice(0, 3)) reporter.onEvent(event);
    expect(text()).to.include('\r\x1b[2K0/5 done · 0 passed · 0 failed · 0s · running: rolls-out, scales-two-ways');
    reporter.onEvent({ type: 'test-cleanup', at: '2026-11-27T10:00:01.000Z', id: 'rolls-out' });
    expect(text()).to.include('0/5 done · 0 passed · 0 failed · 0s · 1 cleaning up · running: scales-two-ways');
    for (const event of events().slice(3)) reporter.onEvent(event);
    reporter.close();
    expect(text()).to.include('FAIL scales-two-ways').and.not.include('PASS rolls-out');
  });

  it('off a terminal says what is still running after a quiet interval', async () => {
    const { out, text } = capture(false);
    const reporter = new ConsoleReporter({ out, quiet: false, heartbeatMs: 20 });
    for (const event of events().slice(0, 3)) reporter.onEvent(event);
    const deadline = Date.now() + 5000;
    while (!text().includes('… 0/5 done') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    reporter.close();
    expect(text()).to.match(/… 0\/5 done · 0 passed · 0 failed · \d+s · running: rolls-out, scales-two-ways/);
  });

  it('--quiet prints only the summary', () => {
    const { out, text } = capture(false);
    const reporter = new ConsoleReporter({ out, quiet: true });
    for (const event of events()) reporter.onEvent(event);
    expect(text().trim().split('\n')[0]).to.match(/^Done in/);
  });
});
