/**
 * npm run bench:pods — pod start latency (create → Ready seen on a watch) p50/p99 at 100 and
 * 1,000 pods, and memory per emulated pod, against an in-process reference cluster (memory store,
 * kubelets only: pods are created already bound to a node, as the scheduler would leave them).
 *
 *   npm run bench:pods -- [--counts 100,1000] [--image pause|netexec] [--max 10000] [--events]
 * --max also creates that many pods in one go and reports memory per pod at that scale.
 * Targets (issue #5): p99 under 500 ms at 1,000 pods; 10,000 pods on one machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { ApiClient, RESOURCES, clientConfigFromKubeconfig, type KubeObject } from '../reference-impl/client/index.ts';
import { startCluster } from '../reference-impl/cluster.ts';
import { kubeletComponent } from '../reference-impl/kubelet/component.ts';
import { formatMs, summarize, table } from './latency-stats.ts';

const IMAGES: Record<string, { image: string; args: string[] }> = {
  pause: { image: 'registry.k8s.io/pause:3.9', args: [] },
  netexec: { image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', args: ['netexec', '--http-port=8080', '--udp-port=-1'] },
};
const NODES = 2;
const CREATE_CONCURRENCY = 32;
const TARGET_P99_MS = 500;

interface Pod extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      counts: { type: 'string', default: '100,1000' },
      image: { type: 'string', default: 'netexec' },
      max: { type: 'string', default: '0' },
      events: { type: 'boolean', default: false },
    },
  });
  const image = IMAGES[values.image];
  if (!image) throw new Error(`--image is one of ${Object.keys(IMAGES).join(', ')}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kcert-bench-pods-'));
  const cluster = await startCluster({ port: 0, dataDir, store: 'memory', nodes: NODES, faults: [] }, { components: [kubeletComponent({ events: values.events })] });
  const client = new ApiClient({ ...(await clientConfigFromKubeconfig(cluster.kubeconfigPath)), userAgent: 'bench-pods' });
  const readyAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const watch = client.watch<Pod>(RESOURCES.pods, 'default', {}, (event) => {
    const name = String(event.object.metadata?.name);
    if ((event.type === 'ADDED' || event.type === 'MODIFIED') && isReady(event.object) && !readyAt.has(name)) {
      readyAt.set(name, performance.now());
      waiters.get(name)?.();
    }
  });
  const rows: string[][] = [['pods', 'image', 'p50', 'p99', 'max', 'wall', 'RSS/pod', 'heap/pod', `p99 < ${TARGET_P99_MS} ms`]];
  let round = 0;
  const runRound = async (count: number): Promise<void> => {
    round++;
    gc();
    const before = process.memoryUsage();
    const limit = pLimit(CREATE_CONCURRENCY);
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(async () => {
          const name = `bench-${round}-${i}`;
          const ready = new Promise<void>((resolve) => waiters.set(name, resolve));
          const t0 = performance.now();
          await client.create(RESOURCES.pods, {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace: 'default', labels: { bench: String(round) } },
            spec: { nodeName: `kcert-node-${(i % NODES) + 1}`, terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: image.image, args: image.args }] },
          } as KubeObject);
          if (!readyAt.has(name)) await ready;
          latencies.push(readyAt.get(name)! - t0);
          waiters.delete(name);
        }),
      ),
    );
    const wall = performance.now() - started;
    gc();
    const after = process.memoryUsage();
    const stats = summarize(latencies);
    rows.push([
      String(count),
      values.image,
      formatMs(stats.p50),
      formatMs(stats.p99),
      formatMs(stats.max),
      formatMs(wall),
      `${((after.rss - before.rss) / count / 1024).toFixed(1)} KiB`,
      `${((after.heapUsed - before.heapUsed) / count / 1024).toFixed(1)} KiB`,
      stats.p99 < TARGET_P99_MS ? 'yes' : 'NO',
    ]);
    console.log(`round ${round}: ${count} pods ready, p99 ${formatMs(stats.p99)}`);
  };
  try {
    // Warm-up (module loading, JIT, keep-alive connections), not reported.
    await runRound(20);
    rows.pop();
    for (const count of values.counts.split(',').map(Number).filter((n) => n > 0)) await runRound(count);
    const max = Number(values.max);
    if (max > 0) await runRound(max);
  } finally {
    watch.stop();
    client.close();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(table(rows));
}

await main();
