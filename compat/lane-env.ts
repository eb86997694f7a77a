// Where the lane keeps things and which versions it pins: read from compat/versions.sh, the one place
// the shell scripts read too, so the TypeScript side cannot drift from them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPAT_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = dirname(COMPAT_DIR);

export interface LaneVersions {
  kubernetes: string;
  etcd: string;
  kwok: string;
}

/** Parses the `NAME="${NAME:-default}"` lines of versions.sh; the environment overrides, as in bash. */
export function parseVersionsSh(text: string, env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of text.matchAll(/^([A-Z0-9_]+)="\$\{\1:-([^}]*)\}"/gm)) values[m[1]] = env[m[1]] ?? m[2];
  return values;
}

export function laneVersions(env: NodeJS.ProcessEnv = process.env): LaneVersions {
  const v = parseVersionsSh(readFileSync(join(COMPAT_DIR, 'versions.sh'), 'utf8'), env);
  return { kubernetes: v.K8S_VERSION, etcd: v.ETCD_VERSION, kwok: v.KWOK_VERSION };
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KCERT_COMPAT_CACHE ?? join(homedir(), '.cache', 'kcert-compat');
}

export function binDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.UPSTREAM_BIN ?? join(cacheRoot(env), laneVersions(env).kubernetes, 'bin');
}

/** Binaries each direction needs; the lane counts as "cached" when all of them exist. */
export const REQUIRED_BINARIES = {
  upstreamControlPlane: ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'],
  e2e: ['e2e.test'],
} as const;

export function missingBinaries(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return names.filter((n) => !existsSync(join(binDir(env), n)));
}

/** kubectl for e2e's shell-outs and the launcher: the lane's own build, else the machine's newest. */
export function kubectlPath(env: NodeJS.ProcessEnv = process.env): string {
  const own = join(binDir(env), 'kubectl');
  return existsSync(own) ? own : '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
}

export function goVersion(): string {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function inLaneNetns(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KCERT_COMPAT_IN_NETNS === '1';
}

/** Starts a process with stdout+stderr appended to a log file. */
export function spawnLogged(command: string, args: readonly string[], logFile: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_DIR, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on('close', () => log.end());
  return child;
}

/** Resolves with the exit code (or 128+signal) once the process has ended. */
export function exitOf(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

/** Stops a process group leader we started: TERM, then KILL after a grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Polls until `check` returns a value; on timeout throws with the last problem seen. */
export async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing observed yet';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}; last: ${last}`);
}
