import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../cli-io.js';

const BIN = fileURLToPath(new URL('../../../bin/kcert.js', import.meta.url));
const CLI_DEADLINE_MS = 50_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`node bin/kcert.js …`) as a user would; `onStart` gets the child, e.g. to signal it. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, onStart?: (child: ChildProcess) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KUBECONFIG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A hung CLI must not outlive the test that started it.
    const killer = setTimeout(() => child.kill('SIGKILL'), CLI_DEADLINE_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    onStart?.(child);
  });
}

/** Runs `main()` in this process with captured output: for the many usage-error cases, without a process start each. */
export async function runMain(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const { main } = await import('../main.js');
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({ write: (chunk: Buffer, _encoding, done) => (append(chunk.toString()), done()) });
  const io: CliIO = {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env: { KUBECONFIG: '', ...env },
    cwd: process.cwd(),
    onSignal: () => () => {},
  };
  const code = await main(['node', 'kcert', ...args], io);
  return { code, stdout, stderr };
}

/** Polls `condition` until it holds; fails with `what` after `withinMs`. For waits in tests, never sleeps. */
export async function waitFor(what: string, condition: () => boolean, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
