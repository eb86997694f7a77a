import type { Evidence } from '../framework/context.js';
import type { RunEvent, RunReport, TestResult } from './model.js';

/**
 * e2e.log: one timestamped line per thing that happened, every step of every test, in the order it
 * happened. Upstream's certification log names the server version up front; so does this one.
 */
export function e2eLogLines(event: Readonly<RunEvent>): string[] {
  const at = event.at;
  switch (event.type) {
    case 'run-started': {
      const { target, selection } = event;
      return [
        `${at} kcert run ${event.runId} against ${target.server} (context ${target.context})`,
        `${at} Kubernetes server version ${target.serverVersion}, platform ${target.platform}`,
        `${at} Will run ${event.planned.length} tests: profile ${selection.profile}, suites ${selection.suites.join(',')}` +
          `${selection.focus ? `, focus /${selection.focus}/` : ''}${selection.skip ? `, skip /${selection.skip}/` : ''}` +
          `, parallel ${selection.parallel}, timeout scale ${selection.timeoutScale}`,
      ];
    }
    case 'test-started':
      return [`${at} [${event.id}] STARTED in namespace ${event.namespace}`];
    case 'step-started':
      return [`${at} [${event.id}] STEP ${event.name}`];
    case 'step-finished': {
      const { step } = event;
      const verdict = step.outcome === 'passed' ? 'done' : 'FAILED';
      return [`${at} [${event.id}] STEP ${verdict} ${step.name} (${seconds(step.durationMs)})${step.error ? `: ${step.error}` : ''}`];
    }
    case 'test-log':
      return [`${at} [${event.id}] ${event.message}`];
    case 'test-cleanup':
      return [`${at} [${event.id}] body finished; deleting its namespace`];
    case 'test-finished':
      return testFinishedLines(at, event.result);
    case 'warning':
      return [`${at} WARNING ${event.message}`];
    case 'run-finished':
      return [runSummaryLine(at, event.report)];
  }
}

function testFinishedLines(at: string, result: TestResult): string[] {
  const verdict = result.result.toUpperCase();
  const detail = result.failure ? `: ${result.failure.message}` : result.reason ? `: ${result.reason}` : '';
  const lines = [`${at} [${result.id}] ${verdict} (${seconds(result.durationMs)})${detail}`];
  if (result.failure?.stack) lines.push(...indent(result.failure.stack));
  if (result.evidence) lines.push(...evidenceLines(result.evidence).map((line) => `    ${line}`));
  if (result.namespaceLeft && result.namespace) lines.push(`${at} [${result.id}] namespace ${result.namespace} was left in place`);
  return lines;
}

export function evidenceLines(evidence: Evidence): string[] {
  const lines = ['evidence:'];
  lines.push(`  events (${evidence.events.length}):`, ...evidence.events.map((event) => `    ${event}`));
  lines.push(`  objects (${evidence.objects.length}):`);
  for (const object of evidence.objects) lines.push(`    ${object.kind}/${object.name} status: ${JSON.stringify(object.status)}`);
  lines.push(`  container logs (${evidence.logs.length}):`);
  for (const log of evidence.logs) {
    lines.push(`    ${log.pod}/${log.container}:`, ...log.text.split('\n').filter(Boolean).map((line) => `      ${line}`));
  }
  return lines;
}

export function runSummaryLine(at: string, report: RunReport): string {
  const t = report.totals;
  return (
    `${at} Run ${report.status}: ran ${t.total - t.notRun} of ${t.total} tests in ${seconds(report.durationMs)}: ` +
    `${t.passed} passed, ${t.failed} failed, ${t.error} error, ${t.skipped} skipped, ${t['not-supported']} not supported` +
    (t.notRun > 0 ? `, ${t.notRun} not run` : '')
  );
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `    ${line}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
