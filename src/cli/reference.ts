/**
 * `kcert reference serve` and `startReference()` for `kcert run --reference`. This is the only
 * place src/ imports reference-impl/ (STYLE.md import rules).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startCluster } from '../../reference-impl/cluster.ts';
import type { ClusterOptions, RunningCluster } from '../../reference-impl/cluster-types.ts';
import { FAULTS } from '../../reference-impl/faults.ts';

export const DEFAULT_DATA_DIR = join(homedir(), '.kcert', 'reference');
export const DEFAULT_SERVE_PORT = 6443;

/**
 * Starts a reference cluster for a test run. Without a dataDir it runs throwaway: a temporary
 * directory and the memory store, both removed on stop.
 */
export async function startReference(options: Partial<ClusterOptions> = {}): Promise<RunningCluster> {
  const throwaway = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kcert-reference-')));
  const cluster = await startCluster({
    port: options.port ?? 0,
    dataDir,
    store: options.store ?? (throwaway ? 'memory' : 'sqlite'),
    etcdEndpoints: options.etcdEndpoints,
    kubeconfigOut: options.kubeconfigOut,
    nodes: options.nodes ?? 2,
    faults: options.faults ?? [],
    log: options.log,
  });
  if (!throwaway) return cluster;
  return {
    ...cluster,
    stop: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function parseInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer');
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter(Boolean)];
}

export function listFaults(): string {
  const entries = Object.entries(FAULTS) as Array<[string, { component: string; description: string }]>;
  if (entries.length === 0) return 'no faults are defined\n';
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, fault]) => `${name.padEnd(width)}  ${fault.component.padEnd(11)}  ${fault.description}`).join('\n') + '\n';
}

interface ServeFlags {
  port: number;
  dataDir: string;
  store: ClusterOptions['store'];
  etcdEndpoints?: string;
  kubeconfigOut?: string;
  nodes: number;
  fault: string[];
  listFaults?: boolean;
  verbose?: boolean;
}

/** Runs in the foreground until SIGINT/SIGTERM; resolves with the exit code. */
async function serve(flags: ServeFlags): Promise<number> {
  if (flags.listFaults) {
    process.stdout.write(listFaults());
    return 0;
  }
  const etcdEndpoints = flags.etcdEndpoints?.split(',').map((url) => url.trim()).filter(Boolean);
  if (flags.store === 'etcd' && !etcdEndpoints?.length) {
    process.stderr.write('kcert reference serve: --store etcd needs --etcd-endpoints\n');
    return 2;
  }
  // Like kube-apiserver recovering a panicking handler: a stray error in one component's
  // callback is reported, and the cluster keeps serving.
  process.on('uncaughtException', (error) => process.stderr.write(`kcert reference: uncaught error (still serving): ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (reason) => process.stderr.write(`kcert reference: unhandled rejection (still serving): ${String((reason as Error)?.stack ?? reason)}\n`));
  const cluster = await startCluster({
    port: flags.port,
    dataDir: flags.dataDir,
    store: flags.store,
    etcdEndpoints,
    kubeconfigOut: flags.kubeconfigOut,
    nodes: flags.nodes,
    faults: flags.fault,
    log: flags.verbose ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : undefined,
  });
  process.stdout.write(`kcert reference cluster ready at ${cluster.url}; kubeconfig: ${cluster.kubeconfigPath}\n`);
  process.stdout.write(`  export KUBECONFIG=${cluster.kubeconfigPath}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await cluster.stop();
  process.stdout.write('kcert reference cluster stopped\n');
  return 0;
}

export function referenceCommand(): Command {
  const reference = new Command('reference').description('the bundled reference implementation of the Kubernetes API');
  reference
    .command('serve')
    .description('run a reference cluster in the foreground (HTTPS on 127.0.0.1) until SIGINT/SIGTERM')
    .option('--port <n>', 'API server port (0 picks a free one)', parseInteger, DEFAULT_SERVE_PORT)
    .option('--data-dir <dir>', 'certificates, token, kubeconfig and the SQLite database', DEFAULT_DATA_DIR)
    .addOption(new Option('--store <kind>', 'storage backend').choices(['sqlite', 'memory', 'etcd']).default('sqlite'))
    .option('--etcd-endpoints <urls>', 'comma-separated etcd client URLs (with --store etcd)')
    .option('--kubeconfig-out <file>', 'where to write the admin kubeconfig (default: DATA_DIR/kubeconfig)')
    .option('--nodes <n>', 'number of virtual nodes', parseInteger, 2)
    .option('--fault <name>', 'switch on a named fault (repeatable, or comma-separated)', collect, [])
    .option('--list-faults', 'list the faults that --fault accepts and exit')
    .option('-v, --verbose', 'log component activity to stderr')
    .action(async (flags: ServeFlags) => {
      process.exitCode = await serve(flags);
    });
  return reference;
}
