/**
 * Wall time of the deployment and replicas suites (core + extended) against the bundled reference
 * implementation, run serially (--parallel 1) and in parallel (every test at once), printed as a ratio
 * measured in this one run. Each run starts its own reference cluster through `kcert run --reference`.
 *
 *   npm run bench:suites            (KCERT_BENCH_SUITES=deployment to measure one suite)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUITES = process.env.KCERT_BENCH_SUITES ?? 'deployment,replicas';

interface Measured {
  parallel: number;
  wallMs: number;
  sumOfTestsMs: number;
  passed: number;
  total: number;
}

async function measure(parallel: number, outputDir: string): Promise<Measured> {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const args = ['bin/kcert.js', 'run', '--reference', '--suite', SUITES, '--profile', 'extended', '--parallel', String(parallel), '--output-dir', outputDir, '--quiet'];
    execFile('node', args, { maxBuffer: 16 * 1024 * 1024 }, () => resolve());
  });
  const wallMs = performance.now() - started;
  const report = JSON.parse(await readFile(join(outputDir, 'results.json'), 'utf8')) as { tests: Array<{ result: string; durationMs: number }> };
  return {
    parallel,
    wallMs,
    sumOfTestsMs: report.tests.reduce((sum, test) => sum + test.durationMs, 0),
    passed: report.tests.filter((test) => test.result === 'passed').length,
    total: report.tests.length,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'kcert-bench-suites-'));
try {
  const serial = await measure(1, join(dir, 'serial'));
  const parallel = await measure(serial.total, join(dir, 'parallel'));
  const line = (m: Measured) =>
    `  --parallel ${String(m.parallel).padEnd(3)} wall ${(m.wallMs / 1000).toFixed(1).padStart(6)} s   sum of test durations ${(m.sumOfTestsMs / 1000).toFixed(1).padStart(6)} s   ${m.passed}/${m.total} passed`;
  console.log(`kcert suites ${SUITES} (core + extended) against the reference implementation`);
  console.log(line(serial));
  console.log(line(parallel));
  console.log(`  serial / parallel wall time: ${(serial.wallMs / parallel.wallMs).toFixed(2)}x`);
  console.log(`  parallel efficiency (sum of test durations / wall time): ${(parallel.sumOfTestsMs / parallel.wallMs).toFixed(2)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
