// `npm run compat`: the compatibility lane against upstream Kubernetes (issue #7).
//   1. builds the upstream binaries when they are not cached (compat/build-upstream.sh, needs the Go proxy);
//   2. re-runs itself inside a loopback-only network namespace (compat/in-netns.sh);
//   3. direction 1: kcert's suites on an upstream control plane with kwok nodes;
//   4. direction 2: upstream's e2e.test, focused on the 73 conformance codenames, on `kcert reference serve`;
//   5. writes compat/results.json and compat/RESULTS.md (a direction that was not run keeps its last record).
// Options: --skip-build  --direction 1|2|both  --shards N  --focus REGEX (direction 2 subset)
//          --work-dir DIR (default: a fresh temp dir; logs stay there)  --no-write
//          --rescore DIR (repeatable: rebuild each direction whose reports an earlier --work-dir holds,
//                         DIR/kcert-report for direction 1, DIR/e2e for direction 2, without running)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFORMANCE_VERSION, UPSTREAM_CODENAMES } from './conformance-codenames.js';
import { loadCatalog, outcomeFromWorkDir, runKcertOnUpstream } from './kcert-on-upstream.js';
import {
  LANE_RESULTS_SCHEMA,
  type BuildRecord,
  type DirectionRecord,
  type KcertOnUpstreamTest,
  type LaneResults,
  type UpstreamOnReferenceTest,
} from './lane-results.js';
import { binDir, cacheRoot, COMPAT_DIR, goVersion, inLaneNetns, laneVersions, missingBinaries, REQUIRED_BINARIES } from './lane-env.js';
import { renderResultsMarkdown } from './results-markdown.js';
import { runUpstreamOnReference } from './upstream-on-reference.js';
import { collectE2eResults } from './run-e2e.js';

export const RESULTS_JSON = join(COMPAT_DIR, 'results.json');
export const RESULTS_MD = join(COMPAT_DIR, 'RESULTS.md');

interface Options {
  skipBuild: boolean;
  direction: '1' | '2' | 'both';
  shards: number;
  focus?: string;
  workDir?: string;
  rescore: string[];
  write: boolean;
}

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'skip-build': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      direction: { type: 'string', default: 'both' },
      shards: { type: 'string', default: '3' },
      focus: { type: 'string' },
      'work-dir': { type: 'string' },
      rescore: { type: 'string', multiple: true, default: [] },
    },
  });
  const direction = values.direction;
  if (direction !== '1' && direction !== '2' && direction !== 'both') throw new Error(`--direction must be 1, 2 or both, not ${direction}`);
  return {
    skipBuild: values['skip-build'],
    write: !values['no-write'],
    direction,
    shards: Math.max(1, Number(values.shards) || 1),
    focus: values.focus,
    workDir: values['work-dir'],
    rescore: values.rescore,
  };
}

/** "NAME took Ns" lines of the build log; the last one per binary wins (a rebuild replaces the figure). */
export function buildRecordsFromLog(log: string, sizeOf: (name: string) => number | undefined): BuildRecord[] {
  const seconds = new Map<string, number>();
  for (const m of log.matchAll(/\] (\S+) took (\d+)s$/gm)) seconds.set(m[1], Number(m[2]));
  seconds.delete('k8s-mod');
  return [...seconds].map(([name, s]) => ({ name, seconds: s, sizeBytes: sizeOf(name) }));
}

function log(line: string): void {
  console.log(`[compat ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function build(): void {
  const versionDir = join(cacheRoot(), laneVersions().kubernetes);
  const missing = missingBinaries([...REQUIRED_BINARIES.upstreamControlPlane, ...REQUIRED_BINARIES.e2e]);
  if (missing.length === 0) return log(`binaries cached in ${binDir()}`);
  log(`building ${missing.join(', ')} (cold builds take a long time on 2 cores; log: ${versionDir}/build.log)`);
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${join(COMPAT_DIR, 'build-upstream.sh')}" 2>&1 | tee -a "${versionDir}/build.log"`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`compat/build-upstream.sh failed with ${r.status}`);
}

function previous(): LaneResults | undefined {
  return existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as LaneResults) : undefined;
}

function notRun<T>(note: string): DirectionRecord<T> {
  return { status: 'not-run', note, tests: [] };
}

async function inside(o: Options): Promise<void> {
  const workDir = o.workDir ?? mkdtempSync(join(tmpdir(), 'kcert-compat-'));
  log(`work dir ${workDir}`);
  const versions = laneVersions();
  const before = previous();
  const buildLog = join(cacheRoot(), versions.kubernetes, 'build.log');
  const sizeOf = (name: string) => (existsSync(join(binDir(), name)) ? statSync(join(binDir(), name)).size : undefined);
  const builds = existsSync(buildLog) ? buildRecordsFromLog(readFileSync(buildLog, 'utf8'), sizeOf) : (before?.builds ?? []);

  let d1: DirectionRecord<KcertOnUpstreamTest> | undefined;
  let d2: DirectionRecord<UpstreamOnReferenceTest> | undefined;
  for (const dir of o.rescore) {
    if (existsSync(join(dir, 'kcert-report'))) {
      const r = outcomeFromWorkDir(dir, await loadCatalog());
      d1 = { ...(before?.kcertOnUpstream ?? notRun('')), status: r.tests.length ? 'ran' : 'not-run', note: r.note, tests: r.tests };
      log(`direction 1 re-scored from ${dir}`);
    }
    if (existsSync(join(dir, 'e2e'))) {
      const tests = collectE2eResults(join(dir, 'e2e'), UPSTREAM_CODENAMES);
      d2 = { ...(before?.upstreamOnReference ?? notRun('')), status: tests.some((t) => t.result === 'not-run') ? 'partial' : 'ran', tests };
      log(`direction 2 re-scored from ${dir}`);
    }
  }
  if (o.rescore.length) {
    // Re-scoring only: nothing runs.
  } else if (o.direction !== '2') {
    const missing = missingBinaries(REQUIRED_BINARIES.upstreamControlPlane);
    if (missing.length) d1 = notRun(`binaries missing: ${missing.join(', ')}`);
    else {
      const started = Date.now();
      const r = await runKcertOnUpstream(workDir, log);
      d1 = { status: r.tests.length ? 'ran' : 'not-run', note: r.note, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, tests: r.tests };
    }
  }

  if (o.rescore.length) {
    // Re-scoring only: nothing runs.
  } else if (o.direction !== '1') {
    const missing = missingBinaries(REQUIRED_BINARIES.e2e);
    if (missing.length) d2 = notRun(`binaries missing: ${missing.join(', ')}`);
    else {
      const started = Date.now();
      const focus = o.focus ? new RegExp(o.focus) : undefined;
      const r = await runUpstreamOnReference(workDir, { shards: o.shards, only: focus ? (c) => focus.test(c) : undefined }, log);
      const partial = r.tests.length < UPSTREAM_CODENAMES.length;
      d2 = {
        status: r.tests.every((t) => t.result === 'not-run') ? 'not-run' : partial ? 'partial' : 'ran',
        note: partial ? `${r.note} Subset: --focus ${o.focus}.` : r.note,
        startedAt: new Date(started).toISOString(),
        seconds: (Date.now() - started) / 1000,
        tests: r.tests,
      };
    }
  }

  // Re-read the record now: another lane run (the other direction) may have written it meanwhile.
  const latest = previous();
  d1 ??= latest?.kcertOnUpstream ?? notRun('not run yet');
  d2 ??= latest?.upstreamOnReference ?? notRun('not run yet');
  const results: LaneResults = {
    schema: LANE_RESULTS_SCHEMA,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    versions: { ...versions, go: goVersion(), node: process.version, conformanceList: `${CONFORMANCE_VERSION} (${UPSTREAM_CODENAMES.length} codenames in kcert's four areas)` },
    machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    builds,
    kcertOnUpstream: d1,
    upstreamOnReference: d2,
  };
  const summary = (d: DirectionRecord<{ result: string }>) => `${d.status}, ${d.tests.filter((t) => t.result === 'passed').length}/${d.tests.length} passed`;
  log(`direction 1: ${summary(d1)}; direction 2: ${summary(d2)}`);
  if (o.write) {
    writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(RESULTS_MD, renderResultsMarkdown(results));
    log(`wrote ${RESULTS_JSON} and ${RESULTS_MD}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (inLaneNetns()) {
    await inside(o);
    return 0;
  }
  if (!o.skipBuild) build();
  // Everything after the build runs without network: only loopback exists in the namespace.
  const r = spawnSync(join(COMPAT_DIR, 'in-netns.sh'), [process.execPath, '--import', 'tsx', join(COMPAT_DIR, 'run.ts'), ...argv, '--skip-build'], {
    stdio: 'inherit',
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`compat: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
