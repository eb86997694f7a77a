// Runs upstream's e2e.test, focused on the given conformance codenames, against any kubeconfig, as a
// few parallel shards, and turns the junit reports into one result per codename.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Area } from '../src/catalog/types.js';
import { focusRegex, isSlowConformanceTest, shardCodenames } from './e2e-focus.js';
import { isSuiteNode, parseE2eJunit, type E2eCase } from './e2e-junit.js';
import { classifyFailure, failureSummary } from './failure-reasons.js';
import type { UpstreamOnReferenceTest } from './lane-results.js';
import { binDir, exitOf, kubectlPath, spawnLogged } from './lane-env.js';

export interface E2eRunOptions {
  kubeconfig: string;
  outputDir: string;
  codenames: readonly { codename: string; area: Area }[];
  shards: number;
  /** Whole-suite timeout per shard, in Ginkgo duration syntax. */
  suiteTimeout?: string;
  /** Extra e2e.test flags. */
  extraArgs?: readonly string[];
  log?: (line: string) => void;
}

export function e2eArgs(opts: { kubeconfig: string; reportDir: string; focus: string; suiteTimeout: string; kubectl: string }): string[] {
  return [
    `--kubeconfig=${opts.kubeconfig}`,
    '--provider=skeleton',
    // e2e clients default to protobuf; kcert's server speaks JSON only.
    '--kube-api-content-type=application/json',
    `--ginkgo.focus=${opts.focus}`,
    `--ginkgo.timeout=${opts.suiteTimeout}`,
    '--ginkgo.no-color',
    '--ginkgo.v',
    `--report-dir=${opts.reportDir}`,
    `--kubectl-path=${opts.kubectl}`,
    // Fail fast against a server that is not ready, instead of the default 30 and 10 minute waits.
    '--node-schedulable-timeout=3m',
    '--system-pods-startup-timeout=2m',
    '--disable-log-dump',
    // The per-failure namespace dump polls kubelet metrics for minutes; the junit and e2e.log suffice.
    '--dump-logs-on-failure=false',
  ];
}

/** Matches the junit cases of all shards to the wanted codenames; absent ones are 'not-run'. */
export function resultsFromCases(
  wanted: readonly { codename: string; area: Area }[],
  cases: readonly E2eCase[],
  setupFailure: string | undefined,
): UpstreamOnReferenceTest[] {
  const byName = new Map(cases.filter((c) => !isSuiteNode(c.name)).map((c) => [c.name, c]));
  return wanted.map(({ codename, area }) => {
    const c = byName.get(codename);
    // When the suite setup fails, Ginkgo lists the specs as skipped: they never got a chance.
    if (!c || (setupFailure && c.status === 'skipped')) {
      return setupFailure
        ? { codename, area, result: 'failed' as const, reasonClass: 'suite-setup' as const, summary: failureSummary(setupFailure) }
        : { codename, area, result: 'not-run' as const, summary: 'not in any junit report (focus did not match or the shard crashed)' };
    }
    if (c.status !== 'failed') return { codename, area, result: c.status, seconds: c.seconds };
    return { codename, area, result: 'failed' as const, seconds: c.seconds, reasonClass: classifyFailure(c.failure), summary: failureSummary(c.failure) };
  });
}

export async function runE2e(options: E2eRunOptions): Promise<UpstreamOnReferenceTest[]> {
  const log = options.log ?? (() => {});
  const e2e = join(binDir(), 'e2e.test');
  const shards = shardCodenames(options.codenames.map((c) => c.codename), options.shards, isSlowConformanceTest);
  mkdirSync(options.outputDir, { recursive: true });
  await Promise.all(
    shards.map(async (names, i) => {
      const reportDir = join(options.outputDir, `shard-${i}`);
      mkdirSync(reportDir, { recursive: true });
      // Which codenames this shard was asked to run: every junit lists all specs, most as skipped.
      writeFileSync(join(reportDir, SHARD_FOCUS_FILE), `${JSON.stringify(names, null, 1)}\n`);
      const args = [
        ...e2eArgs({ kubeconfig: options.kubeconfig, reportDir, focus: focusRegex(names), suiteTimeout: options.suiteTimeout ?? '3h', kubectl: kubectlPath() }),
        ...(options.extraArgs ?? []),
      ];
      log(`e2e shard ${i}: ${names.length} tests, log ${join(reportDir, 'e2e.log')}`);
      const code = await exitOf(spawnLogged(e2e, args, join(reportDir, 'e2e.log'), { cwd: reportDir, env: { ...process.env, KUBECONFIG: options.kubeconfig } }));
      log(`e2e shard ${i} exited with ${code}`);
    }),
  );
  return collectE2eResults(options.outputDir, options.codenames);
}

const SHARD_FOCUS_FILE = 'focus.json';

/**
 * Reads the results of a finished run from its directory (shard-N/{focus.json,junit_01.xml}), so a
 * run can be re-scored (e.g. after improving the failure classes) without running it again.
 */
export function collectE2eResults(outputDir: string, codenames: readonly { codename: string; area: Area }[]): UpstreamOnReferenceTest[] {
  const byCodename = new Map<string, UpstreamOnReferenceTest>();
  const shardDirs = existsSync(outputDir) ? readdirSync(outputDir).filter((d) => d.startsWith('shard-')) : [];
  for (const dir of shardDirs) {
    const focusFile = join(outputDir, dir, SHARD_FOCUS_FILE);
    if (!existsSync(focusFile)) continue;
    const names = JSON.parse(readFileSync(focusFile, 'utf8')) as string[];
    const junit = join(outputDir, dir, 'junit_01.xml');
    const cases = existsSync(junit) ? parseE2eJunit(readFileSync(junit, 'utf8')) : [];
    const setup = cases.find((c) => isSuiteNode(c.name) && c.status === 'failed');
    const wanted = codenames.filter((c) => names.includes(c.codename));
    for (const r of resultsFromCases(wanted, cases, setup ? `${setup.name}: ${setup.failure}` : undefined)) byCodename.set(r.codename, r);
  }
  return codenames.map(
    (c) => byCodename.get(c.codename) ?? { codename: c.codename, area: c.area, result: 'not-run' as const, summary: 'no shard of this run was asked to run it' },
  );
}
