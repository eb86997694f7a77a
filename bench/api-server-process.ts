/** Starts bench/api-serve-child.ts and waits for the line that says where it serves. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServedApi, ServeOptions } from './api-serve-child.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-serve-child.ts');

export interface ApiServerProcess extends ServedApi {
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL right away (the crash in the durability test); resolves once the process is gone. */
  kill(): Promise<void>;
}

export async function startApiServerProcess(
  store: ServeOptions,
  timeoutMs = 30_000,
): Promise<ApiServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(store)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (gone()) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const served = await new Promise<ServedApi>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API server did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as ServedApi);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API server exited with ${code} before serving: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await signal('SIGKILL');
    throw error;
  });
  return { ...served, child, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
