import { lastRevision, revisionOf, ROLLBACK_TO } from './annotations.ts';
import { equalIgnoreHash } from './hash.ts';
import { byCreation, rsActual, rsReplicas, type Deployment, type ReplicaSet } from './types.ts';

/** The oldest ReplicaSet whose template equals the Deployment's, ignoring the hash label (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, sets: ReplicaSet[]): ReplicaSet | undefined {
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/**
 * Old ReplicaSets beyond revisionHistoryLimit to delete (cleanupDeployment): the lowest revisions
 * first, skipping any that still have pods, are not yet observed, or are already being deleted.
 */
export function replicaSetsToCleanUp(d: Deployment, oldSets: ReplicaSet[]): ReplicaSet[] {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return [];
  const alive = oldSets.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  const byRevision = [...alive].sort((a, b) => {
    const ra = revisionOf(a) ?? 0n;
    const rb = revisionOf(b) ?? 0n;
    return ra === rb ? byCreation(a, b) : ra < rb ? -1 : 1;
  });
  return byRevision
    .slice(0, diff)
    .filter((rs) => rsActual(rs) === 0 && rsReplicas(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

/** The requested rollback revision from the deprecated annotation; undefined when absent or not an int64. */
export function rollbackRequest(d: Deployment): bigint | undefined {
  const text = d.metadata.annotations?.[ROLLBACK_TO];
  if (!text || !/^-?\d+$/.test(text)) return undefined;
  return BigInt(text);
}

export type RollbackPlan =
  | { kind: 'not-found'; message: string }
  | { kind: 'unchanged'; rs: ReplicaSet; revision: bigint }
  | { kind: 'rollback'; rs: ReplicaSet; revision: bigint };

/** Which ReplicaSet a rollback to `revision` (0 = the previous one) copies its template from. */
export function planRollback(d: Deployment, allSets: ReplicaSet[], revision: bigint): RollbackPlan {
  let target = revision;
  if (target === 0n) {
    target = lastRevision(allSets);
    if (target === 0n) return { kind: 'not-found', message: 'Unable to find last revision.' };
  }
  const rs = allSets.find((candidate) => revisionOf(candidate) === target);
  if (!rs) return { kind: 'not-found', message: 'Unable to find the revision to rollback to.' };
  return equalIgnoreHash(d.spec.template, rs.spec.template) ? { kind: 'unchanged', rs, revision: target } : { kind: 'rollback', rs, revision: target };
}
