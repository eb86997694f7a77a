/**
 * npm run bench:upstream — the reference implementation's API server side by side with upstream
 * kube-apiserver + etcd (the compatibility lane's cached v1.36 build) on this machine, in one run, with
 * the same workload (bench/workload.ts: paced pod creates, gets, lists of 1,000 pods, watch delivery,
 * create throughput) over HTTPS with a bearer token, plus resident memory of the serving processes.
 * Ratios are reference ÷ upstream: below 1x means the reference is ahead (faster, or for creates/s,
 * above 1x). No assertions: it prints.
 *
 *   npm run bench:upstream -- [--quick] [--stores memory,sqlite]
 * Needs the binaries of `npm run compat` (~/.cache/kcert-compat/<version>/bin); says so and exits if absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { binDir, COMPAT_DIR, missingBinaries } from '../compat/lane-env.ts';
import { startApiServerProcess } from './api-server-process.ts';
import { ApiTarget } from './api-target.ts';
import { formatMs, ratio, table } from './latency-stats.ts';
import { DEFAULT_WORKLOAD, runWorkload, WORKLOAD_NAMESPACES, type WorkloadOptions, type WorkloadResult } from './workload.ts';

const QUICK: WorkloadOptions = { ...DEFAULT_WORKLOAD, creates: 200, gets: 300, lists: 10, watchUpdates: 100, throughputMs: 500 };
const UPSTREAM = 'upstream';

interface Measured {
  result: WorkloadResult;
  /** Resident memory after the workload, MB, summed over the serving processes. */
  rssMb: number;
  /** Peak resident memory (VmHWM), MB, summed. */
  peakMb: number;
}

/** VmRSS and VmHWM of a process in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function measureReference(store: 'memory' | 'sqlite', workload: WorkloadOptions): Promise<Measured> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-bench-ref-'));
  const server = await startApiServerProcess({ store, dataDir });
  const target = new ApiTarget(`reference-${store}`, server);
  try {
    await target.ensureNamespaces(WORKLOAD_NAMESPACES);
    const result = await runWorkload(target, workload);
    return { result, ...memoryOf(server.child.pid!) };
  } finally {
    await target.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureUpstream(workload: WorkloadOptions): Promise<Measured> {
  const state = mkdtempSync(path.join(tmpdir(), 'kcert-bench-upstream-'));
  const launcher = path.join(COMPAT_DIR, 'start-upstream.sh');
  try {
    execFileSync(launcher, ['start', state], { env: { ...process.env, UPSTREAM_COMPONENTS: 'api' }, stdio: ['ignore', 'ignore', 'inherit'] });
    const kubeconfig = readFileSync(path.join(state, 'kubeconfig'), 'utf8');
    const url = /server: (\S+)/.exec(kubeconfig)![1];
    const served = { url, token: readFileSync(path.join(state, 'admin-token'), 'utf8').trim(), caCertPem: readFileSync(path.join(state, 'pki', 'ca.crt'), 'utf8') };
    const target = new ApiTarget(UPSTREAM, served);
    try {
      await target.ensureNamespaces(WORKLOAD_NAMESPACES);
      // Without kube-controller-manager nobody creates the `default` ServiceAccount that admission
      // requires of every pod; create it, as the controller would.
      for (const ns of WORKLOAD_NAMESPACES) await createServiceAccount(served, ns);
      const result = await runWorkload(target, workload);
      const pids = ['kube-apiserver', 'etcd'].map((name) => Number(readFileSync(path.join(state, 'pids', name), 'utf8')));
      const mem = pids.map(memoryOf);
      return { result, rssMb: mem.reduce((a, m) => a + m.rssMb, 0), peakMb: mem.reduce((a, m) => a + m.peakMb, 0) };
    } finally {
      await target.close();
    }
  } finally {
    execFileSync(launcher, ['stop', state], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(state, { recursive: true, force: true });
  }
}

async function createServiceAccount(api: { url: string; token: string; caCertPem: string }, namespace: string): Promise<void> {
  const { request } = await import('node:https');
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(new URL(`/api/v1/namespaces/${namespace}/serviceaccounts`, api.url), {
      method: 'POST',
      ca: api.caCertPem,
      headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
  if (status !== 201 && status !== 409) throw new Error(`creating ServiceAccount ${namespace}/default: HTTP ${status}`);
}

/** The side-by-side table; ratio columns compare each reference store with upstream. Pure. */
export function sideBySide(results: ReadonlyMap<string, Measured>, workload: WorkloadOptions): string {
  const names = [...results.keys()];
  const base = results.get(UPSTREAM);
  const rows: string[][] = [['(ms unless noted)', ...names.flatMap((n) => (n !== UPSTREAM && base ? [n, 'vs upstream'] : [n]))]];
  const metrics: Array<[string, (m: Measured) => number, (v: number) => string]> = [
    [`create p50 @${workload.createRate}/s`, (m) => m.result.create.p50, formatMs],
    [`create p99 @${workload.createRate}/s`, (m) => m.result.create.p99, formatMs],
    ['get p50', (m) => m.result.get.p50, formatMs],
    ['get p99', (m) => m.result.get.p99, formatMs],
    [`list ${workload.listSize} p50`, (m) => m.result.list.p50, formatMs],
    [`list ${workload.listSize} p99`, (m) => m.result.list.p99, formatMs],
    ['watch delivery p50', (m) => m.result.watch.p50, formatMs],
    ['watch delivery p99', (m) => m.result.watch.p99, formatMs],
    [`creates/s (${workload.concurrency} in flight)`, (m) => m.result.throughput, (v) => v.toFixed(0)],
    ['RSS after workload (MB)', (m) => m.rssMb, (v) => v.toFixed(0)],
    ['peak RSS (MB)', (m) => m.peakMb, (v) => v.toFixed(0)],
  ];
  for (const [label, pick, format] of metrics) {
    rows.push([label, ...names.flatMap((n) => (n !== UPSTREAM && base ? [format(pick(results.get(n)!)), ratio(pick(results.get(n)!), pick(base))] : [format(pick(results.get(n)!))]))]);
  }
  return table(rows);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, stores: { type: 'string', default: 'memory,sqlite' } } });
  const missing = missingBinaries(['etcd', 'kube-apiserver']);
  if (missing.length) {
    console.log(`bench:upstream skipped: ${missing.join(', ')} not in ${binDir()} (npm run compat builds them)`);
    return;
  }
  const stores = values.stores.split(',').map((s) => s.trim());
  for (const s of stores) if (s !== 'memory' && s !== 'sqlite') throw new Error(`--stores takes memory and/or sqlite, not ${s}`);
  const workload = values.quick ? QUICK : DEFAULT_WORKLOAD;
  const results = new Map<string, Measured>();
  const step = async (name: string, run: () => Promise<Measured>) => {
    process.stdout.write(`${name}: running… `);
    const started = performance.now();
    results.set(name, await run());
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await step(UPSTREAM, () => measureUpstream(workload));
  for (const store of stores as Array<'memory' | 'sqlite'>) await step(`reference-${store}`, () => measureReference(store, workload));
  console.log(`\nupstream = kube-apiserver ${path.basename(path.dirname(binDir()))} + etcd (tmpfs, --unsafe-no-fsync); RSS of both summed\n`);
  console.log(sideBySide(results, workload));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
