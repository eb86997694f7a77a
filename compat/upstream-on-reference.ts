// Direction 2: upstream's conformance tests (the 73 codenames of kcert's areas) against
// `kcert reference serve`. Run inside in-netns.sh: the reference implementation's pods live on
// loopback addresses anyway, and e2e.test reaches them only through the API server.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { UPSTREAM_CODENAMES } from './conformance-codenames.js';
import type { UpstreamOnReferenceTest } from './lane-results.js';
import { REPO_DIR, spawnLogged, stopProcess, waitUntil } from './lane-env.js';
import { runE2e } from './run-e2e.js';

export interface UpstreamOnReferenceOutcome {
  tests: UpstreamOnReferenceTest[];
  note: string;
}

export interface UpstreamOnReferenceOptions {
  shards: number;
  /** Only these codenames (default: all 73). */
  only?: (codename: string) => boolean;
}

/** True once the kubeconfig exists and the server answers /readyz with it. */
async function referenceReady(kubeconfig: string): Promise<true | undefined> {
  if (!existsSync(kubeconfig)) return undefined;
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.get(`${cluster.server}/readyz`, { ...options, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('/readyz timed out')));
    req.on('error', reject);
  });
  if (status !== 200) throw new Error(`/readyz answered ${status}`);
  return true;
}

export async function runUpstreamOnReference(workDir: string, options: UpstreamOnReferenceOptions, log: (line: string) => void): Promise<UpstreamOnReferenceOutcome> {
  const dataDir = join(workDir, 'reference');
  mkdirSync(dataDir, { recursive: true });
  const kubeconfig = join(dataDir, 'kubeconfig');
  const serveLog = join(workDir, 'reference-serve.log');
  log(`starting kcert reference serve (log ${serveLog})`);
  const server = spawnLogged(process.execPath, [join(REPO_DIR, 'bin', 'kcert.js'), 'reference', 'serve', '--data-dir', dataDir, '--port', '0', '--store', 'memory'], serveLog);
  try {
    const exited = new Promise<never>((_, reject) => server.on('close', (code) => reject(new Error(`kcert reference serve exited with ${code}: ${tail(serveLog)}`))));
    exited.catch(() => {}); // after a successful start, the exit on stop is expected
    await Promise.race([waitUntil('kcert reference serve to be ready', 120_000, () => referenceReady(kubeconfig)), exited]);
    const codenames = UPSTREAM_CODENAMES.filter((c) => options.only?.(c.codename) ?? true);
    log(`e2e.test: ${codenames.length} conformance tests in ${options.shards} shards`);
    const tests = await runE2e({ kubeconfig, outputDir: join(workDir, 'e2e'), codenames, shards: options.shards, log });
    return { tests, note: `e2e.test (--provider=skeleton, --kube-api-content-type=application/json, ${options.shards} parallel shards) against kcert reference serve.` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      tests: UPSTREAM_CODENAMES.map((c) => ({ codename: c.codename, area: c.area, result: 'not-run' as const, summary: 'the reference implementation did not start' })),
      note: `Did not run: ${message.slice(0, 400)}`,
    };
  } finally {
    await stopProcess(server);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-5).join(' / ');
  } catch {
    return '';
  }
}
