import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pLimit from 'p-limit';
import type { ConformanceTest } from '../src/catalog/types.js';
import { ALL_TESTS } from './index.js';

/**
 * Proves every fault pairing: each test declared `brokenBy` a reference-implementation fault fails when
 * the reference runs with that fault, and passes on the healthy reference. Runs the real CLI, one
 * `kcert run --reference` per fault (all the tests it should break at once), many at a time.
 * Timeouts are scaled down (see below) to keep the whole file to a few minutes.
 */
const AREAS = new Set(['deployment', 'replicas']);
/** The healthy run gets enough time for the slowest test (the HPA's scale up and down). */
const HEALTHY_TIMEOUT_SCALE = '0.3';
/**
 * Fault runs only need to fail, and a broken behaviour shows within seconds on the reference, so they
 * get shorter timeouts (windows are never scaled). The pairing stays meaningful: the failure must be a
 * conformance failure, and the same tests pass on the healthy run.
 */
const FAULT_TIMEOUT_SCALE = '0.1';
/** Fault runs mostly wait (for a behaviour that never comes) rather than compute: a dozen at once fit two cores. */
const PARALLEL_RUNS = 12;

interface RunResult {
  exitCode: number;
  seconds: number;
  results: Map<string, { result: string; message?: string }>;
  output: string;
}

function runCli(args: string[]): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/kcert.js', ...args], { timeout: 8 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ exitCode, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * The fault names the reference implementation knows, as its CLI lists them (first column): suites
 * see the reference only from outside, like any other cluster.
 */
async function knownFaults(): Promise<string[]> {
  const { exitCode, output } = await runCli(['reference', 'serve', '--list-faults']);
  if (exitCode !== 0) throw new Error(`kcert reference serve --list-faults exited ${exitCode}: ${output}`);
  return output.split('\n').map((line) => line.trim().split(/\s+/)[0]!).filter((name) => /^[a-z0-9-]+$/.test(name));
}

async function runReference(tests: readonly ConformanceTest[], faults: readonly string[], outputDir: string): Promise<RunResult> {
  const focus = `^(${tests.map((test) => test.id).join('|')})$`;
  const args = ['--reference', '--suite', 'deployment,replicas', '--profile', 'extended', '--focus', focus, '--parallel', String(tests.length)];
  for (const fault of faults) args.push('--fault', fault);
  args.push('--timeout-scale', faults.length > 0 ? FAULT_TIMEOUT_SCALE : HEALTHY_TIMEOUT_SCALE, '--output-dir', outputDir, '--quiet');
  const startedAt = Date.now();
  const { exitCode, output } = await runCli(['run', ...args]);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const results = new Map<string, { result: string; message?: string }>();
  try {
    const report = JSON.parse(await readFile(join(outputDir, 'results.json'), 'utf8')) as { tests: Array<{ id: string; result: string; failure?: { message?: string } }> };
    for (const test of report.tests) results.set(test.id, { result: test.result, message: test.failure?.message });
  } catch {
    // No report: the checks below fail with the CLI output.
  }
  return { exitCode, seconds, results, output };
}

describe('fault pairings of the deployment and replicas suites', function () {
  this.timeout(15 * 60_000);
  const tests = ALL_TESTS.filter((test) => AREAS.has(test.area));
  const byFault = new Map<string, ConformanceTest[]>();
  for (const test of tests) for (const fault of test.brokenBy) byFault.set(fault, [...(byFault.get(fault) ?? []), test]);
  let workDir: string;
  const runs = new Map<string, Promise<RunResult>>();

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'kcert-fault-pairing-'));
    // The healthy run goes first and alone: its tests have real time bounds, the fault runs only need to fail.
    const healthy = runReference(tests, [], join(workDir, 'healthy'));
    runs.set('healthy', healthy);
    const limit = pLimit(PARALLEL_RUNS);
    for (const [fault, broken] of byFault) runs.set(fault, healthy.then(() => limit(() => runReference(broken, [fault], join(workDir, fault)))));
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    await rm(workDir, { recursive: true, force: true });
  });

  it('every test names at least one fault, and every named fault exists', async () => {
    const faults = await knownFaults();
    for (const test of tests) {
      expect(test.brokenBy, `${test.id} brokenBy`).to.not.be.empty;
      for (const fault of test.brokenBy) expect(faults, `${test.id} names fault ${fault}`).to.include(fault);
    }
  });

  it('every test passes on the healthy reference implementation', async () => {
    const healthy = await runs.get('healthy')!;
    const notPassed = tests
      .filter((test) => healthy.results.get(test.id)?.result !== 'passed')
      .map((test) => `${test.id}: ${healthy.results.get(test.id)?.result ?? 'no result'} ${healthy.results.get(test.id)?.message ?? ''}`);
    expect(notPassed, healthy.output.slice(-3000)).to.deep.equal([]);
  });

  it('every test fails (not errors) under each fault it names', async () => {
    const survived: string[] = [];
    for (const [fault, broken] of byFault) {
      const run = await runs.get(fault)!;
      for (const test of broken) {
        const outcome = run.results.get(test.id);
        if (outcome?.result !== 'failed') {
          survived.push(`${test.id} under ${fault}: ${outcome ? `${outcome.result} ${outcome.message ?? ''}` : `no result (exit ${run.exitCode}) ${run.output.slice(-400)}`}`);
        }
      }
    }
    expect(survived).to.deep.equal([]);
    // The evidence, one line per pairing, for whoever reads the CI log.
    for (const [fault, broken] of byFault) {
      const run = await runs.get(fault)!;
      for (const test of broken) console.log(`      ${fault} (${run.seconds}s) → ${test.id}: ${(run.results.get(test.id)?.message ?? '').split('\n')[0]!.slice(0, 160)}`);
    }
  });
});
