/**
 * The API latency workload, the same for every backend and level (store or HTTP), after an
 * unmeasured warm-up:
 *   create  pods created at a fixed rate (open loop, default 200/s); latency counts from the
 *           moment each request was due, so a backlog shows up instead of hiding.
 *   get     sequential reads of those pods.
 *   list    full lists of a namespace holding LIST_SIZE pods.
 *   watch   time from starting an update to its MODIFIED event reaching a watcher.
 *   throughput  creates/s with CONCURRENCY requests in flight.
 */
import type { BenchTarget } from './bench-target.ts';
import { type LatencySummary, summarize } from './latency-stats.ts';
import { podBody } from './pod-fixture.ts';

export interface WorkloadOptions {
  warmup: number;
  createRate: number;
  creates: number;
  gets: number;
  listSize: number;
  lists: number;
  watchUpdates: number;
  throughputMs: number;
  concurrency: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  warmup: 200,
  createRate: 200,
  creates: 600,
  gets: 1000,
  listSize: 1000,
  lists: 30,
  watchUpdates: 300,
  throughputMs: 2000,
  concurrency: 16,
};

export interface WorkloadResult {
  create: LatencySummary;
  get: LatencySummary;
  list: LatencySummary;
  watch: LatencySummary;
  /** Creates per second with `concurrency` in flight. */
  throughput: number;
}

const NS = 'bench';
const LIST_NS = 'bench-list';
const THROUGHPUT_NS = 'bench-throughput';
/** Namespaces the workload writes to (the API level must create them first). */
export const WORKLOAD_NAMESPACES = [NS, LIST_NS, THROUGHPUT_NS];

export async function runWorkload(target: BenchTarget, options: WorkloadOptions = DEFAULT_WORKLOAD): Promise<WorkloadResult> {
  // Unmeasured warm-up, so JIT compilation and first connections do not count as latency.
  for (let i = 0; i < options.warmup; i++) {
    const name = `warmup-${i}`;
    await target.create(THROUGHPUT_NS, name, podBody(name, THROUGHPUT_NS, 'warmup'));
    await target.get(THROUGHPUT_NS, name);
  }
  const create = summarize(await pacedCreates(target, options));

  const gets: number[] = [];
  for (let i = 0; i < options.gets; i++) {
    gets.push(await timed(() => target.get(NS, podName(i % options.creates))));
  }

  await fill(target, options);
  const lists: number[] = [];
  for (let i = 0; i < options.lists; i++) {
    let count = 0;
    lists.push(await timed(async () => (count = await target.list(LIST_NS))));
    if (count !== options.listSize) throw new Error(`list returned ${count} pods, expected ${options.listSize}`);
  }

  const watch = summarize(await watchDelivery(target, options));
  const throughput = await closedLoopCreates(target, options);
  return { create, get: summarize(gets), list: summarize(lists), watch, throughput };
}

function podName(i: number): string {
  return `pod-${String(i).padStart(5, '0')}`;
}

async function timed(operation: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await operation();
  return performance.now() - start;
}

async function pacedCreates(target: BenchTarget, options: WorkloadOptions): Promise<number[]> {
  const intervalMs = 1000 / options.createRate;
  const start = performance.now() + 5;
  const pending: Array<Promise<number>> = [];
  for (let i = 0; i < options.creates; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Count from when the request was due, or from its send if a timer fired a little early.
    const from = Math.min(due, performance.now());
    pending.push(target.create(NS, podName(i), podBody(podName(i), NS, 'a')).then(() => performance.now() - from));
  }
  return Promise.all(pending);
}

async function fill(target: BenchTarget, options: WorkloadOptions): Promise<void> {
  const batch = 50;
  for (let i = 0; i < options.listSize; i += batch) {
    const names = Array.from({ length: Math.min(batch, options.listSize - i) }, (_, j) => podName(i + j));
    await Promise.all(names.map((name) => target.create(LIST_NS, name, podBody(name, LIST_NS, 'list'))));
  }
}

async function watchDelivery(target: BenchTarget, options: WorkloadOptions): Promise<number[]> {
  const latencies: number[] = [];
  let waiting: { name: string; start: number; resolve: () => void } | undefined;
  const watcher = await target.watch(NS, (name) => {
    if (waiting && name === waiting.name) {
      latencies.push(performance.now() - waiting.start);
      waiting.resolve();
      waiting = undefined;
    }
  });
  try {
    for (let i = 0; i < options.watchUpdates; i++) {
      const name = podName(i % options.creates);
      const seen = new Promise<void>((resolve) => (waiting = { name, start: performance.now(), resolve }));
      await target.annotate(NS, name, i + 1);
      await withTimeout(seen, 10_000, `the watch event for update ${i} of ${name}`);
    }
  } finally {
    watcher.stop();
  }
  return latencies;
}

async function closedLoopCreates(target: BenchTarget, options: WorkloadOptions): Promise<number> {
  let next = 0;
  const start = performance.now();
  const deadline = start + options.throughputMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const name = podName(next++);
      await target.create(THROUGHPUT_NS, name, podBody(name, THROUGHPUT_NS, 'load'));
      // In-process stores answer with already-settled promises; yield so timers and I/O run.
      if (next % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return (next / (performance.now() - start)) * 1000;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
