/**
 * npm run bench:api — request latency (p50/p99) of pod create, get, list of 1,000 pods and
 * watch delivery, plus create throughput, for the memory, SQLite and etcd stores side by side,
 * with ratios against the memory store measured in the same run: once on the Store directly,
 * once through the real API server (HTTPS, in a child process). No assertions: it prints.
 *
 *   npm run bench:api -- [--stores memory,sqlite,sqlite-full,etcd] [--level store|api|both] [--quick]
 * (sqlite: the default synchronous=NORMAL; sqlite-full: an fsync per commit, store level only.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { etcdBinaryAvailable, type LocalEtcd, startLocalEtcd } from '../reference-impl/store/etcd-process.ts';
import { openStore, type OpenStoreOptions } from '../reference-impl/store/index.ts';
import { startApiServerProcess } from './api-server-process.ts';
import { ApiTarget } from './api-target.ts';
import type { BenchTarget } from './bench-target.ts';
import { formatMs, ratio, table } from './latency-stats.ts';
import { StoreTarget } from './store-target.ts';
import { DEFAULT_WORKLOAD, runWorkload, WORKLOAD_NAMESPACES, type WorkloadOptions, type WorkloadResult } from './workload.ts';

const STORES = ['memory', 'sqlite', 'sqlite-full', 'etcd'] as const;
type StoreName = (typeof STORES)[number];
type Level = 'store' | 'api';

const QUICK: WorkloadOptions = { ...DEFAULT_WORKLOAD, creates: 200, gets: 300, lists: 10, watchUpdates: 100, throughputMs: 500 };
const TARGET_CREATE_P99_MS = 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stores: { type: 'string', default: STORES.join(',') },
      level: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
    },
  });
  const wanted = values.stores.split(',').map((s) => s.trim()) as StoreName[];
  const unknown = wanted.filter((name) => !STORES.includes(name));
  if (unknown.length) throw new Error(`unknown store ${unknown.join(', ')} (choose from ${STORES.join(', ')})`);
  if (!['store', 'api', 'both'].includes(values.level)) throw new Error(`--level is store, api or both, not ${values.level}`);
  const levels: Level[] = values.level === 'both' ? ['store', 'api'] : [values.level as Level];
  const workload = values.quick ? QUICK : DEFAULT_WORKLOAD;

  const startLoad = loadavg()[0]!;
  const reports: string[] = [];
  for (const level of levels) {
    const results = new Map<StoreName, WorkloadResult>();
    for (const name of wanted) {
      if (name === 'etcd' && !etcdBinaryAvailable()) {
        console.log('etcd: skipped (no `etcd` binary; apt-get install etcd-server)');
        continue;
      }
      if (name === 'sqlite-full' && level === 'api') {
        console.log('api level, sqlite-full: skipped (the cluster always runs SQLite with its default synchronous=NORMAL)');
        continue;
      }
      process.stdout.write(`${level} level, ${name}: running… `);
      const started = performance.now();
      results.set(name, await withTarget(level, name, (target) => runWorkload(target, workload)));
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    reports.push(report(results, workload, `${level} level (ms)`));
  }
  // Latency on a shared machine says little without the load it was measured under.
  const [load1] = loadavg();
  reports.push(`machine: ${cpus().length} CPUs, load average ${startLoad.toFixed(2)} at start, ${load1!.toFixed(2)} at end`);
  console.log(`\n${reports.join('\n\n')}`);
}

/** A fresh backend of the named kind (temp data dir, private etcd), at the given level; cleaned up after. */
async function withTarget<T>(level: Level, name: StoreName, run: (target: BenchTarget) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-bench-'));
  let etcd: LocalEtcd | undefined;
  try {
    let options: OpenStoreOptions;
    if (name === 'etcd') {
      etcd = await startLocalEtcd();
      options = { kind: 'etcd', etcdEndpoints: [etcd.endpoint] };
    } else if (name === 'memory') {
      options = { kind: 'memory' };
    } else {
      options = { kind: 'sqlite', dataDir, sqliteSynchronous: name === 'sqlite-full' ? 'full' : 'normal' };
    }
    if (level === 'store') {
      const target = new StoreTarget(name, await openStore(options));
      try {
        return await run(target);
      } finally {
        await target.close();
      }
    }
    const server = await startApiServerProcess({ store: options.kind, dataDir, etcdEndpoints: options.etcdEndpoints });
    const target = new ApiTarget(name, server);
    try {
      await target.ensureNamespaces(WORKLOAD_NAMESPACES);
      return await run(target);
    } finally {
      await target.close();
      await server.stop();
    }
  } finally {
    await etcd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function report(results: ReadonlyMap<string, WorkloadResult>, workload: WorkloadOptions, title = 'latency (ms)'): string {
  const names = [...results.keys()];
  const baseline = results.get('memory');
  const withRatio = (name: string) => name !== 'memory' && baseline !== undefined;
  const rows: string[][] = [[title, ...names.flatMap((name) => (withRatio(name) ? [name, 'vs mem'] : [name]))]];
  const metrics: Array<[string, (r: WorkloadResult) => number, (v: number) => string]> = [
    [`create p50 @${workload.createRate}/s`, (r) => r.create.p50, formatMs],
    [`create p99 @${workload.createRate}/s`, (r) => r.create.p99, formatMs],
    ['get p50', (r) => r.get.p50, formatMs],
    ['get p99', (r) => r.get.p99, formatMs],
    [`list ${workload.listSize} p50`, (r) => r.list.p50, formatMs],
    [`list ${workload.listSize} p99`, (r) => r.list.p99, formatMs],
    ['watch delivery p50', (r) => r.watch.p50, formatMs],
    ['watch delivery p99', (r) => r.watch.p99, formatMs],
    [`creates/s (${workload.concurrency} in flight)`, (r) => r.throughput, (v) => v.toFixed(0)],
  ];
  for (const [label, pick, format] of metrics) {
    rows.push([
      label,
      ...names.flatMap((name) => {
        const value = pick(results.get(name)!);
        return withRatio(name) ? [format(value), ratio(value, pick(baseline!))] : [format(value)];
      }),
    ]);
  }
  const lines = [table(rows)];
  const sqlite = results.get('sqlite');
  if (sqlite) {
    const p99 = sqlite.create.p99;
    lines.push(`target: SQLite pod create p99 < ${TARGET_CREATE_P99_MS} ms at ${workload.createRate} req/s: ${formatMs(p99)} ms, ${p99 < TARGET_CREATE_P99_MS ? 'met' : 'MISSED'}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
