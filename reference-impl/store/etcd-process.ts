/**
 * Starts a private, single-member etcd on free loopback ports with a throwaway data dir, for
 * the etcd store's tests and the benchmark. Never used by a serving cluster (that is given
 * --etcd-endpoints).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Etcd3 } from 'etcd3';

export interface LocalEtcd {
  endpoint: string;
  /** Stops etcd (SIGKILL if it does not exit) and removes its data dir. */
  stop(): Promise<void>;
}

export function etcdBinaryAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalEtcd(options: { readyTimeoutMs?: number } = {}): Promise<LocalEtcd> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    'etcd',
    [
      '--name', 'kcert', '--data-dir', dataDir,
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `kcert=${peer}`, '--initial-cluster-state', 'new',
      '--logger', 'zap', '--log-level', 'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    await terminate(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(client, child, options.readyTimeoutMs ?? 15_000, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: client, stop };
}

async function waitUntilServing(endpoint: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const probe = new Etcd3({ hosts: endpoint, dialTimeout: 1000 });
  let lastError = 'no answer yet';
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}: ${log()}`);
      try {
        await probe.maintenance.status();
        return;
      } catch (error) {
        lastError = String(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`etcd at ${endpoint} did not serve within ${timeoutMs} ms (last error: ${lastError}): ${log()}`);
  } finally {
    probe.close();
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
