import { intAnnotation, DESIRED_REPLICAS, MAX_REPLICAS } from './annotations.ts';
import { isRollingUpdate, maxSurge } from './plan-rolling.ts';
import { byCreation, desiredReplicas, rsAvailable, rsReplicas, specReplicaSum, type Deployment, type ReplicaSet } from './types.ts';

/** One ReplicaSet resize; refreshAnnotations also rewrites desired/max-replicas when the size stays. */
export interface ScaleStep {
  rs: ReplicaSet;
  size: number;
  refreshAnnotations: boolean;
}

/** Go's math.Round: halves away from zero (JavaScript's Math.round rounds -2.5 to -2). */
export const roundHalfAwayFromZero = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

/** A scaling event: an active ReplicaSet was sized for a different spec.replicas (isScalingEvent). */
export function isScalingEvent(d: Deployment, sets: ReplicaSet[]): boolean {
  return sets.some((rs) => {
    if (rsReplicas(rs) === 0) return false;
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== desiredReplicas(d);
  });
}

/** The only active set, or the newest when none is active (FindActiveOrLatest). */
export function activeOrLatest(newRS: ReplicaSet | undefined, oldSets: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldSets.length === 0) return undefined;
  const newestFirst = [...oldSets].sort((a, b) => byCreation(b, a));
  const active = [...newestFirst, ...(newRS ? [newRS] : [])].filter((rs) => rsReplicas(rs) > 0);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS);
  return desired !== undefined && rsReplicas(rs) === desiredReplicas(d) && desired === desiredReplicas(d) && rsAvailable(rs) === desiredReplicas(d);
}

/**
 * The share of `toAdd` replicas that rs takes (GetProportion): its size scaled from the max-replicas
 * it was sized for to today's replicas + maxSurge, bounded by what is left to hand out.
 */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (desiredReplicas(d) === 0) return -rsReplicas(rs);
  const maxReplicas = desiredReplicas(d) + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS) ?? 0;
  if (before === 0) {
    // Without the annotation, fall back to the Deployment's current size.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAwayFromZero((rsReplicas(rs) * maxReplicas) / before) - rsReplicas(rs);
}

/**
 * How to resize ReplicaSets when spec.replicas changes or the Deployment is paused (upstream
 * scale()): a single active set takes everything; a saturated new set means old ones go to 0;
 * otherwise, for RollingUpdate, the difference to replicas + maxSurge is spread proportionally,
 * larger sets first (newer first when growing, older first when shrinking), leftovers to the first.
 * noProportional is the no-proportional-scaling fault: the whole difference goes to the newest set.
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldSets: ReplicaSet[], noProportional = false): ScaleStep[] {
  const single = activeOrLatest(newRS, oldSets);
  if (single) return rsReplicas(single) === desiredReplicas(d) ? [] : [{ rs: single, size: desiredReplicas(d), refreshAnnotations: true }];
  if (isSaturated(d, newRS)) {
    return oldSets.filter((rs) => rsReplicas(rs) > 0).map((rs) => ({ rs, size: 0, refreshAnnotations: true }));
  }
  if (!isRollingUpdate(d)) return [];
  const active = [...oldSets, ...(newRS ? [newRS] : [])].filter((rs) => rsReplicas(rs) > 0);
  const allowedSize = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - specReplicaSum(active);
  if (toAdd > 0) active.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(b, a));
  else if (toAdd < 0) active.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b));

  if (noProportional && toAdd !== 0) {
    const newest = newRS && rsReplicas(newRS) > 0 ? newRS : [...active].sort((a, b) => byCreation(b, a))[0]!;
    return active.map((rs) => ({ rs, size: rs === newest ? Math.max(0, rsReplicas(rs) + toAdd) : rsReplicas(rs), refreshAnnotations: true }));
  }

  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const share = proportion(rs, d, toAdd, added);
    added += share;
    return rsReplicas(rs) + share;
  });
  if (active.length > 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return active.map((rs, i) => ({ rs, size: sizes[i]!, refreshAnnotations: true }));
}
