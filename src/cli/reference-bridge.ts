import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

export interface StartedReference {
  url: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/**
 * Starts the bundled reference implementation for one run, on free ports in a temporary folder, and
 * stops it (and removes the folder) afterwards. The module is loaded lazily so `kcert list` and runs
 * against real clusters never load the reference implementation.
 */
export async function startReferenceForRun(options: { faults: string[]; store: 'memory' | 'sqlite' }): Promise<StartedReference> {
  let module: typeof import('./reference.js');
  try {
    module = await import('./reference.js');
  } catch (error) {
    throw new ConfigError(`the bundled reference implementation cannot be loaded (${(error as Error).message.split('\n')[0]}); run against a cluster with --kubeconfig instead`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'kcert-reference-'));
  try {
    const cluster = await module.startReference({ port: 0, dataDir, store: options.store, nodes: 2, faults: options.faults });
    return {
      url: cluster.url,
      kubeconfigPath: cluster.kubeconfigPath,
      async stop() {
        try {
          await cluster.stop();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`the reference implementation did not start: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
