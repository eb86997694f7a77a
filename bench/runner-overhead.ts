/**
 * `npm run bench:runner`: the runner's own cost, measured in one run of the real CLI against the bundled
 * reference implementation, with a generated suite of tests that do real API work (no sleeps).
 * Prints ratios: per-test overhead (namespace create → test start, test end → namespace gone) against
 * the test's own duration, and parallel efficiency (sum of test durations / (wall time × parallel)).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReference } from '../src/cli/reference.ts';
import type { RunReport } from '../src/report/model.ts';

const TESTS = Number(process.env.BENCH_TESTS ?? 16);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 4);
const OBJECTS_PER_TEST = 8;
const BIN = fileURLToPath(new URL('../bin/kcert.js', import.meta.url));
const TYPES = fileURLToPath(new URL('../src/catalog/types.ts', import.meta.url));

async function writeBenchSuite(dir: string): Promise<string> {
  await mkdir(join(dir, 'replicas'), { recursive: true });
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  const ids = Array.from({ length: TESTS }, (_, i) => `bench-${String(i + 1).padStart(2, '0')}`);
  for (const id of ids) {
    await writeFile(
      join(dir, 'replicas', `${id}.ts`),
      `import { defineConformanceTest } from ${JSON.stringify(TYPES)};
export default defineConformanceTest({
  id: ${JSON.stringify(id)}, area: 'replicas', profile: 'core', features: [], upstream: [], brokenBy: [],
  description: 'The API MUST store and list ${OBJECTS_PER_TEST} ConfigMaps.',
  async run(t) {
    await t.step('create ConfigMaps', async () => {
      for (let i = 0; i < ${OBJECTS_PER_TEST}; i++) await t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-' + i }, data: { i: String(i) } });
    });
  },
});
`,
    );
  }
  const index = join(dir, 'index.ts');
  await writeFile(index, `${ids.map((id, i) => `import t${i} from './replicas/${id}.ts';`).join('\n')}\nexport const ALL_TESTS = [${ids.map((_, i) => `t${i}`).join(', ')}];\n`);
  return index;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

const dir = await mkdtemp(join(tmpdir(), 'kcert-bench-runner-'));
const cluster = await startReference({ port: 0, store: 'memory', nodes: 2, faults: [] });
try {
  const suite = await writeBenchSuite(join(dir, 'suite'));
  const out = join(dir, 'out');
  const code = await runCli(['run', '--kubeconfig', cluster.kubeconfigPath, '--output-dir', out, '--parallel', String(PARALLEL), '--quiet'], { KCERT_SUITES: suite });
  const report = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunReport;
  if (code !== 0 || report.totals.passed !== TESTS) throw new Error(`the bench run did not pass (exit ${code}): ${JSON.stringify(report.totals)}`);

  const setup = report.tests.map((test) => test.timings.setupMs);
  const teardown = report.tests.map((test) => test.timings.teardownMs ?? 0);
  const body = report.tests.map((test) => test.durationMs);
  const sumBody = body.reduce((a, b) => a + b, 0);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(`kcert runner overhead: ${TESTS} tests × ${OBJECTS_PER_TEST} API writes, --parallel ${PARALLEL}, reference implementation (memory store)`);
  console.log(`  namespace create → test start  mean ${ms(mean(setup))}, p95 ${ms(percentile(setup, 0.95))}`);
  console.log(`  test end → namespace gone      mean ${ms(mean(teardown))}, p95 ${ms(percentile(teardown, 0.95))}`);
  console.log(`  test body                      mean ${ms(mean(body))}`);
  console.log(`  overhead / test body           ${((mean(setup) + mean(teardown)) / Math.max(1, mean(body))).toFixed(2)}  (setup ${(mean(setup) / Math.max(1, mean(body))).toFixed(2)}, teardown ${(mean(teardown) / Math.max(1, mean(body))).toFixed(2)})`);
  console.log(`  wall time                      ${ms(report.durationMs)}`);
  console.log(`  sum of test durations / wall   ${(sumBody / report.durationMs).toFixed(2)}  (ideal: ${PARALLEL})`);
  console.log(`  parallel efficiency            ${(sumBody / (report.durationMs * PARALLEL)).toFixed(2)}  (sum of test durations / (wall × parallel))`);
} finally {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
}
