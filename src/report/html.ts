import { evidenceLines } from './e2e-log.js';
import type { Outcome, RunReport, TestResult } from './model.js';

const COLORS: Record<Outcome, string> = {
  passed: '#1a7f37',
  failed: '#cf222e',
  error: '#bc4c00',
  skipped: '#6e7781',
  'not-supported': '#8250df',
};

/** report.html: one self-contained file (inline CSS, no scripts, no network) a person can open anywhere. */
export function renderHtml(report: RunReport): string {
  const t = report.totals;
  const failedFirst = [...report.tests].sort((a, b) => rank(a) - rank(b));
  const cards = (['passed', 'failed', 'error', 'skipped', 'not-supported'] as const)
    .map((outcome) => `<div class="card" style="border-color:${COLORS[outcome]}"><b>${t[outcome]}</b>${outcome}</div>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kcert ${esc(report.runId)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1f2328}
h1{font-size:1.5em}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
.cards{display:flex;gap:8px;margin:1em 0}.card{border-left:4px solid;padding:6px 12px;background:#f6f8fa}.card b{display:block;font-size:1.4em}
.badge{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;white-space:nowrap}
details{margin:2px 0}summary{cursor:pointer}pre{background:#f6f8fa;padding:8px;overflow:auto;white-space:pre-wrap;font-size:12px}
.muted{color:#6e7781}
</style></head><body>
<h1>kcert conformance report</h1>
<p>Run <code>${esc(report.runId)}</code> · status <b>${esc(report.status)}</b> · ${esc(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
<table>
<tr><th>Target</th><td>${esc(report.target.server)} (context ${esc(report.target.context)})</td></tr>
<tr><th>Server</th><td>${esc(report.target.serverVersion)} ${esc(report.target.platform)}</td></tr>
<tr><th>Selection</th><td>profile ${esc(report.selection.profile)}, suites ${esc(report.selection.suites.join(', '))}${
    report.selection.focus ? `, focus /${esc(report.selection.focus)}/` : ''
  }${report.selection.skip ? `, skip /${esc(report.selection.skip)}/` : ''}, parallel ${report.selection.parallel}</td></tr>
<tr><th>kcert</th><td>${esc(report.kcertVersion)}</td></tr>
</table>
<div class="cards">${cards}<div class="card" style="border-color:#d0d7de"><b>${t.notRun}</b>not run</div></div>
${report.warnings.length > 0 ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
<h2>Tests</h2>
<table><tr><th>Result</th><th>Test</th><th>Time</th></tr>
${failedFirst.map(testRow).join('\n')}
${report.notRun.map((id) => `<tr><td><span class="badge" style="background:#d0d7de;color:#1f2328">not run</span></td><td>${esc(id)}</td><td></td></tr>`).join('\n')}
</table>
</body></html>
`;
}

function testRow(test: TestResult): string {
  const details: string[] = [`<p>${esc(test.description)}</p>`];
  if (test.upstream.length > 0) details.push(`<p class="muted">Upstream: ${test.upstream.map(esc).join('<br>')}</p>`);
  if (test.failure) details.push(`<pre>${esc(test.failure.stack ?? test.failure.message)}</pre>`);
  if (test.reason) details.push(`<p>Reason: ${esc(test.reason)}</p>`);
  if (test.steps.length > 0) {
    details.push(
      `<ol>${test.steps
        .map((step) => `<li>${step.outcome === 'passed' ? '✓' : '✗'} ${esc(step.name)} <span class="muted">${(step.durationMs / 1000).toFixed(1)} s</span>${step.error ? `<br>${esc(step.error)}` : ''}</li>`)
        .join('')}</ol>`,
    );
  }
  if (test.evidence) details.push(`<details><summary>Evidence</summary><pre>${esc(evidenceLines(test.evidence).join('\n'))}</pre></details>`);
  if (test.log.length > 0) details.push(`<details><summary>Log</summary><pre>${esc(test.log.map((l) => `${l.at} ${l.message}`).join('\n'))}</pre></details>`);
  const open = test.result === 'failed' || test.result === 'error' ? ' open' : '';
  return `<tr><td><span class="badge" style="background:${COLORS[test.result]}">${test.result}</span></td><td><details${open}><summary><b>${esc(test.id)}</b> <span class="muted">${esc(test.area)} · ${esc(test.profile)}${test.namespace ? ` · ${esc(test.namespace)}` : ''}</span></summary>${details.join('')}</details></td><td>${(test.durationMs / 1000).toFixed(1)} s</td></tr>`;
}

function rank(test: TestResult): number {
  return ['failed', 'error', 'not-supported', 'skipped', 'passed'].indexOf(test.result);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
