import type { KeyValue } from './types.ts';
import { CompactedError, FutureRevisionError, KeyNotFoundError, RevisionConflictError } from './types.ts';

/**
 * The preconditions every backend applies the same way, so the contract suite sees the same
 * error types and messages whatever the storage.
 */
export function requireExisting(
  key: string,
  existing: KeyValue | undefined,
  expectedModRevision: number | undefined,
): KeyValue {
  if (!existing) throw new KeyNotFoundError(`key ${key} not found`);
  if (expectedModRevision !== undefined && expectedModRevision !== existing.modRevision) {
    throw new RevisionConflictError(
      `key ${key} is at revision ${existing.modRevision}, the write expected ${expectedModRevision}`,
    );
  }
  return existing;
}

/** A read or watch at `revision` needs history back to it and cannot look into the future. */
export function requireReadableRevision(revision: number, compactedRevision: number, currentRevision: number): void {
  if (revision < compactedRevision) {
    throw new CompactedError(
      `revision ${revision} has been compacted (history starts after ${compactedRevision})`,
      compactedRevision,
    );
  }
  if (revision > currentRevision) {
    throw new FutureRevisionError(`revision ${revision} is newer than the current revision ${currentRevision}`);
  }
}

export function requireWatchableRevision(fromRevision: number, compactedRevision: number): void {
  if (fromRevision < compactedRevision) {
    throw new CompactedError(
      `cannot watch from revision ${fromRevision}: history before ${compactedRevision} has been compacted`,
      compactedRevision,
    );
  }
}
