import type { KubeObject, OwnerReference } from '../../client/index.ts';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** What the collector knows about one owner reference of a dependent. */
export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type DependentAction =
  | { kind: 'none' }
  /** Some owners remain: drop only the references to owners that are gone or waiting. */
  | { kind: 'remove-references'; uids: string[] }
  /** No owner remains: delete the dependent with this propagation policy. unblock: references whose blockOwnerDeletion must be cleared first. */
  | { kind: 'delete'; policy: 'Background' | 'Foreground' | 'Orphan'; unblock: string[] };

export const hasFinalizer = (object: KubeObject, finalizer: string): boolean => (object.metadata.finalizers ?? []).includes(finalizer);

/** The owner is being deleted in the foreground: it waits for its dependents. */
export const isDeletingDependents = (object: KubeObject): boolean => Boolean(object.metadata.deletionTimestamp) && hasFinalizer(object, FOREGROUND_FINALIZER);

/** What the collector knows about the dependents of the object being planned. */
export interface OwnDependents {
  any: boolean;
  /** One of them is itself deleting its dependents in the foreground: a possible ownership cycle. */
  deletingDependents: boolean;
}

/**
 * Upstream attemptToDeleteItem for one dependent, given the state of each of its owners: with any
 * solid owner left it only sheds references to dangling/waiting owners; otherwise it is deleted —
 * in the foreground when an owner waits for it and it has dependents of its own (clearing its
 * blockOwnerDeletion to those owners first only when a dependent of its own is also deleting in
 * the foreground, which breaks ownership cycles), else with the policy its own finalizers ask
 * for, Background by default.
 */
export function planDependent(dependent: KubeObject, owners: { ref: OwnerReference; state: OwnerState }[], own: OwnDependents): DependentAction {
  if (owners.length === 0) return { kind: 'none' };
  if (dependent.metadata.deletionTimestamp && !isDeletingDependents(dependent)) return { kind: 'none' };
  const solid = owners.filter((owner) => owner.state === 'solid');
  const stale = owners.filter((owner) => owner.state !== 'solid').map((owner) => owner.ref.uid);
  if (solid.length > 0) return stale.length > 0 ? { kind: 'remove-references', uids: stale } : { kind: 'none' };
  const waiting = owners.filter((owner) => owner.state === 'waiting');
  if (waiting.length > 0 && own.any) {
    const unblock = own.deletingDependents ? owners.filter((owner) => owner.ref.blockOwnerDeletion).map((owner) => owner.ref.uid) : [];
    return { kind: 'delete', policy: 'Foreground', unblock };
  }
  if (hasFinalizer(dependent, ORPHAN_FINALIZER)) return { kind: 'delete', policy: 'Orphan', unblock: [] };
  if (hasFinalizer(dependent, FOREGROUND_FINALIZER)) return { kind: 'delete', policy: 'Foreground', unblock: [] };
  return { kind: 'delete', policy: 'Background', unblock: [] };
}

/**
 * A foreground-deleting owner may drop its finalizer once no dependent with
 * blockOwnerDeletion: true is left (processDeletingDependentsItem).
 */
export function blockingDependents(ownerUid: string, dependents: KubeObject[]): KubeObject[] {
  return dependents.filter((dependent) => dependent.metadata.ownerReferences?.some((ref) => ref.uid === ownerUid && ref.blockOwnerDeletion === true));
}

/**
 * The owners an update of a dependent stopped blocking: references with blockOwnerDeletion: true
 * before that are gone or no longer block afterwards.
 */
export function unblockedOwners(before: KubeObject, after: KubeObject): string[] {
  const stillBlocking = new Set((after.metadata.ownerReferences ?? []).filter((ref) => ref.blockOwnerDeletion === true).map((ref) => ref.uid));
  return (before.metadata.ownerReferences ?? []).filter((ref) => ref.blockOwnerDeletion === true && !stillBlocking.has(ref.uid)).map((ref) => ref.uid);
}
