import type { Deployment, ReplicaSet } from './types.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Round-trips the removed extensions/v1beta1 rollbackTo field; the controller still honours it. */
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Upstream caps revision-history at this many characters. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const NOT_COPIED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

/**
 * Revisions are int64 in upstream: BigInt, so `3546343826724305832 + 1` is exact. An absent
 * annotation is revision 0; an unparsable one is undefined (skipped, as upstream logs and skips).
 */
export function revisionOf(object: { metadata: { annotations?: Record<string, string> } }): bigint | undefined {
  const text = object.metadata.annotations?.[REVISION];
  if (text === undefined || text === '') return 0n;
  return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

export function maxRevision(sets: ReplicaSet[]): bigint {
  let max = 0n;
  for (const rs of sets) {
    const revision = revisionOf(rs);
    if (revision !== undefined && revision > max) max = revision;
  }
  return max;
}

/** The second-highest revision: what `rollbackTo: 0` means (LastRevision). */
export function lastRevision(sets: ReplicaSet[]): bigint {
  let max = 0n;
  let second = 0n;
  for (const rs of sets) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    if (revision >= max) {
      second = max;
      max = revision;
    } else if (revision > second) {
      second = revision;
    }
  }
  return second;
}

/** Copies the Deployment's own annotations onto the ReplicaSet (all but the controller's and kubectl's). */
export function copyDeploymentAnnotations(d: Deployment, annotations: Record<string, string>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * Upstream SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to
 * newRevision when it is higher (remembering the old one in revision-history, which is how a
 * rolled-back-to ReplicaSet keeps its past), and on creation stamp desired/max replicas.
 * Mutates `annotations`; returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  annotations: Record<string, string>,
  newRevision: bigint,
  exists: boolean,
  replicas: { desired: number; max: number },
): boolean {
  let changed = copyDeploymentAnnotations(d, annotations);
  const oldText = annotations[REVISION];
  let oldRevision = 0n;
  if (oldText !== undefined && oldText !== '') {
    if (!/^-?\d+$/.test(oldText)) return changed;
    oldRevision = BigInt(oldText);
  }
  if (oldRevision < newRevision) {
    annotations[REVISION] = newRevision.toString();
    changed = true;
    if (oldText !== undefined) appendRevisionHistory(annotations, oldText);
  }
  if (!exists && setReplicasAnnotations(annotations, replicas.desired, replicas.max)) changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY] ?? '';
  if (history === '') {
    annotations[REVISION_HISTORY] = oldRevision;
    return;
  }
  let revisions = history.split(',');
  let total = history.length + oldRevision.length + 1;
  while (total > MAX_REVISION_HISTORY_CHARS && revisions.length > 0) {
    total -= revisions[0]!.length + 1;
    revisions = revisions.slice(1);
  }
  if (total <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...revisions, oldRevision].join(',');
}

/** Stamps desired-replicas and max-replicas (= replicas + maxSurge); returns whether they changed. */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  if (annotations[DESIRED_REPLICAS] === String(desired) && annotations[MAX_REPLICAS] === String(max)) return false;
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return true;
}

export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const text = rs.metadata.annotations?.[key];
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** Annotations a Deployment gets when rolled back to rs: its own controller/kubectl ones, plus rs's others. */
export function deploymentAnnotationsForRollback(d: Deployment, rs: ReplicaSet): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) if (NOT_COPIED.has(key)) result[key] = value;
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) if (!NOT_COPIED.has(key)) result[key] = value;
  return result;
}
