import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import type { RunReport, TestResult } from './model.js';

// junit-report-builder is CommonJS whose typings claim a default export; createRequire gives the real object.
const junit = createRequire(import.meta.url)('junit-report-builder') as Builder;

/**
 * Test case names. Where a kcert test covers upstream [Conformance] codenames, it is reported once per
 * codename as `[It] <codename>`: the CNCF verify-conformance bot strips a leading `[It] ` and matches the
 * rest against conformance.yaml, so these lines read exactly like upstream's junit_01.xml. Tests with no
 * upstream counterpart are named `[It] [kcert] [<area>] <id>`, which the bot ignores (no `[Conformance]`).
 * The classname `kcert.<area>.<id>` keeps classname+name unique (GitLab and GitHub actions key on it),
 * even when two kcert tests cover the same codename.
 */
export function junitCaseNames(test: Pick<TestResult, 'id' | 'area' | 'upstream'>): string[] {
  if (test.upstream.length === 0) return [`[It] [kcert] [${test.area}] ${test.id}`];
  return test.upstream.map((codename) => `[It] ${codename}`);
}

/** Renders junit_01.xml; valid against the Jenkins junit-10.xsd (checked in junit.test.ts). */
export function renderJunit(report: RunReport): string {
  const builder = junit.newBuilder().name('kcert');
  const seconds = report.durationMs / 1000;
  const suite = builder
    .testSuite()
    .name('kcert conformance')
    // junit-report-builder prints Date objects in local time without a zone: pass UTC text instead.
    .timestamp(report.startedAt.slice(0, 19))
    .time(seconds);
  const properties: Array<[string, string]> = [
    ['kcert.version', report.kcertVersion],
    ['run.id', report.runId],
    ['run.status', report.status],
    ['server', report.target.server],
    ['context', report.target.context],
    ['server.version', report.target.serverVersion],
    ['platform', report.target.platform],
    ['profile', report.selection.profile],
    ['suites', report.selection.suites.join(',')],
    ['focus', report.selection.focus ?? ''],
    ['skip', report.selection.skip ?? ''],
    ['parallel', String(report.selection.parallel)],
    ['timeout.scale', String(report.selection.timeoutScale)],
  ];
  for (const [name, value] of properties) suite.property(name, value);

  const skipReasons: string[] = [];
  for (const test of report.tests) {
    for (const name of junitCaseNames(test)) {
      const testCase = suite
        .testCase()
        .className(`kcert.${test.area}.${test.id}`)
        .name(name)
        .time(test.durationMs / 1000);
      const output = caseOutput(test);
      if (output) testCase.standardOutput(output);
      if (test.result === 'failed' && test.failure) {
        testCase.failure(test.failure.message, test.failure.type).stacktrace(test.failure.stack ?? test.failure.message);
      } else if (test.result === 'error' && test.failure) {
        testCase.error(test.failure.message, test.failure.type, test.failure.stack ?? test.failure.message);
      } else if (test.result === 'skipped' || test.result === 'not-supported') {
        testCase.skipped();
        skipReasons.push(`${test.result === 'skipped' ? 'skipped' : 'not supported'}: ${test.reason ?? ''}`.trim());
      }
    }
  }
  if (report.status !== 'running') {
    for (const id of report.notRun) {
      suite.testCase().className(`kcert.not-run.${id}`).name(`[kcert] ${id}`).time(0).skipped();
      skipReasons.push(`not run: the run ended ${report.status === 'timed-out' ? 'at the global timeout' : 'early (interrupted)'}`);
    }
  }
  return finishXml(builder.build(), skipReasons, seconds);
}

/**
 * Fixes the builder cannot do: junit-10.xsd rejects a `skipped` attribute on <testsuites> (its total
 * `time` is allowed and GitLab reads it), and the builder writes <skipped/> with no reason. Skipped
 * elements appear in insertion order, so the n-th <skipped/> directly inside a <testcase> gets the n-th reason.
 */
function finishXml(xml: string, skipReasons: readonly string[], seconds: number): string {
  let index = 0;
  return xml
    .replace(/<testsuites([^>]*?) skipped="\d+"/, `<testsuites$1 time="${seconds}"`)
    .replace(/(<testcase [^>]*>\s*(?:<system-out>[\s\S]*?<\/system-out>\s*)?)<skipped\/>/g, (_match, head: string) => {
      const reason = skipReasons[index++] ?? '';
      return `${head}<skipped message="${escapeAttribute(reason)}"/>`;
    });
}

function caseOutput(test: TestResult): string {
  const lines = test.steps.map(
    (step) => `${step.startedAt} STEP ${step.outcome.toUpperCase()} ${step.name} (${(step.durationMs / 1000).toFixed(1)}s)${step.error ? `: ${step.error}` : ''}`,
  );
  for (const line of test.log) lines.push(`${line.at} ${line.message}`);
  lines.sort();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
