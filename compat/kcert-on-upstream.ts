// Direction 1: every kcert suite against the upstream control plane (kwok nodes, no data plane).
// A test that needs a data plane cannot pass here; it is listed with that reason instead of counted
// as a failure. Every other failure is a finding: a kcert bug or a reference-implementation divergence.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceTest } from '../src/catalog/types.js';
import type { RunReport, TestResult } from '../src/report/model.js';
import { classifyFailure, failureSummary } from './failure-reasons.js';
import type { KcertOnUpstreamTest } from './lane-results.js';
import { COMPAT_DIR, exitOf, REPO_DIR, spawnLogged } from './lane-env.js';

export interface CatalogEntry {
  id: string;
  area: string;
  needsDataPlane: boolean;
  brokenBy?: readonly string[];
}

/** kcert's catalog as data; empty while suites/index.ts lists nothing. */
export async function loadCatalog(): Promise<CatalogEntry[]> {
  const mod = (await import('../suites/index.js')) as { ALL_TESTS?: readonly ConformanceTest[] };
  return (mod.ALL_TESTS ?? []).map((t) => ({ id: t.id, area: t.area, needsDataPlane: t.needsDataPlane === true, brokenBy: t.brokenBy }));
}

/**
 * Reference-implementation faults (reference-impl/faults.ts) that describe what kwok's fast stages do by
 * design: a test that declares one of them in `brokenBy` must fail on kwok nodes, upstream or not.
 */
export const KWOK_INHERENT_FAULTS: Readonly<Record<string, string>> = {
  'image-pull-never-fails': 'kwok runs every pod whatever its image, so an unpullable image never fails',
  'liveness-never-restarts': 'kwok runs no probes and restarts no container',
  'kubelet-ignores-readiness': 'kwok makes pods Ready at once, whatever their readiness probe says',
};

/**
 * Maps the runner's results onto lane results. Pure. A failure counts as needing a data plane when the
 * catalog says so, or when its failure text shows only missing traffic (exec, proxy, DNS, pod traffic):
 * kwok pods serve nothing. The reason says which of the two applied, so the lead can tell them apart.
 */
export function laneResultsFromReport(report: Pick<RunReport, 'tests' | 'notRun'>, catalog: readonly CatalogEntry[]): KcertOnUpstreamTest[] {
  const meta = new Map(catalog.map((c) => [c.id, c]));
  const out: KcertOnUpstreamTest[] = report.tests.map((t: TestResult) => {
    const seconds = t.durationMs / 1000;
    const needs = meta.get(t.id)?.needsDataPlane ?? false;
    if (t.result === 'passed' || t.result === 'skipped' || t.result === 'not-supported') {
      return { id: t.id, area: t.area, result: t.result, seconds, ...(t.reason ? { reason: t.reason } : {}) };
    }
    const text = `${t.failure?.message ?? ''}\n${t.failure?.stack ?? ''}`;
    if (needs) return { id: t.id, area: t.area, result: 'needs-data-plane', seconds, reason: 'needsDataPlane in its metadata' };
    const inherent = (meta.get(t.id)?.brokenBy ?? []).find((fault) => KWOK_INHERENT_FAULTS[fault]);
    if (inherent) {
      return { id: t.id, area: t.area, result: 'needs-data-plane', seconds, reason: `needs a real kubelet: broken by fault ${inherent}, which kwok has by design (${KWOK_INHERENT_FAULTS[inherent]})` };
    }
    const cls = classifyFailure(text);
    if (cls === 'data-plane' || cls === 'exec-protocol' || cls === 'proxy' || cls === 'dns') {
      return { id: t.id, area: t.area, result: 'needs-data-plane', seconds, reason: `fails only for want of a data plane (${cls}): ${failureSummary(text, 120)}` };
    }
    return { id: t.id, area: t.area, result: 'failed', seconds, reason: `${t.failure?.code ?? t.result}: ${failureSummary(text)}` };
  });
  const seen = new Set(out.map((t) => t.id));
  for (const id of report.notRun) if (!seen.has(id)) out.push({ id, area: meta.get(id)?.area ?? '', result: 'not-run', reason: 'the run ended before this test' });
  for (const c of catalog) if (!seen.has(c.id) && !report.notRun.includes(c.id)) out.push({ id: c.id, area: c.area, result: 'not-run', reason: 'not selected by the runner' });
  return out.sort((a, b) => `${a.area}/${a.id}`.localeCompare(`${b.area}/${b.id}`));
}

export interface KcertOnUpstreamOutcome {
  tests: KcertOnUpstreamTest[];
  note: string;
}

/** Direction 1's outcome from the kcert report a run left in its work dir (also used to re-score). */
export function outcomeFromWorkDir(workDir: string, catalog: readonly CatalogEntry[], exitNote = 'kcert run finished'): KcertOnUpstreamOutcome {
  const resultsFile = join(workDir, 'kcert-report', 'results.json');
  if (!existsSync(resultsFile)) {
    return { tests: [], note: `${exitNote} and wrote no results.json (see ${join(workDir, 'kcert-run.log')}).` };
  }
  const report = JSON.parse(readFileSync(resultsFile, 'utf8')) as RunReport;
  return {
    tests: laneResultsFromReport(report, catalog),
    note: `${exitNote}; kcert ${report.kcertVersion ?? '?'} against ${report.target?.serverVersion ?? '?'}: upstream control plane with 2 kwok nodes (fast stages), no kubelet, kube-proxy or DNS; --profile extended.`,
  };
}

/** Starts the upstream control plane, runs `kcert run` against it, stops it. Run inside in-netns.sh. */
export async function runKcertOnUpstream(workDir: string, log: (line: string) => void): Promise<KcertOnUpstreamOutcome> {
  const state = join(workDir, 'upstream');
  const reports = join(workDir, 'kcert-report');
  mkdirSync(state, { recursive: true });
  const launcher = join(COMPAT_DIR, 'start-upstream.sh');
  try {
    log(`starting upstream control plane (logs in ${state}/logs)`);
    const kubeconfig = execFileSync(launcher, ['start', state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
    const catalog = await loadCatalog();
    log(`kcert run against ${kubeconfig} (${catalog.length} tests in the catalog)`);
    const code = await exitOf(
      spawnLogged(process.execPath, [join(REPO_DIR, 'bin', 'kcert.js'), 'run', '--kubeconfig', kubeconfig, '--output-dir', reports, '--profile', 'extended', '--quiet'], join(workDir, 'kcert-run.log')),
    );
    return outcomeFromWorkDir(workDir, catalog, `kcert run exited with ${code}`);
  } finally {
    execFileSync(launcher, ['stop', state], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
