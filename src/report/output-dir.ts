import { mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A run id that sorts by time and is a valid label value: 20261127-112433-3f9a. */
export function newRunId(now: Date = new Date(), random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${stamp}-${suffix}`;
}

/** --output-dir, or reports/<run-id> under the working directory. */
export function outputDirFor(runId: string, requested: string | undefined, cwd: string = process.cwd()): string {
  return requested ? resolve(cwd, requested) : join(cwd, 'reports', runId);
}

/**
 * Points reports/latest at the newest run folder (a relative link, so the tree can be moved). Only for
 * folders directly under a reports/ folder: a custom --output-dir elsewhere gets no link.
 */
export async function linkLatest(dir: string): Promise<string | undefined> {
  const parent = dirname(dir);
  if (basename(parent) !== 'reports') return undefined;
  await mkdir(parent, { recursive: true });
  const link = join(parent, 'latest');
  const existing = await readlink(link).catch(() => undefined);
  if (existing === basename(dir)) return link;
  await rm(link, { force: true, recursive: false }).catch(() => undefined);
  await symlink(basename(dir), link);
  return link;
}
