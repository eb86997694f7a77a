import { byCreation, desiredReplicas, rsAvailable, rsReplicas, specReplicaSum, availableReplicaSum, type Deployment, type IntOrString, type ReplicaSet } from './types.ts';

/** An intstr scaled against total: "25%" of 10 → 2.5, rounded up or down (GetScaledValueFromIntOrPercent). */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge rounds up, maxUnavailable down; both 0 would deadlock, so maxUnavailable becomes 1 (ResolveFenceposts). */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const rolling = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || desiredReplicas(d) === 0) return 0;
  const rolling = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(d));
  return Math.min(unavailable, desiredReplicas(d));
}

/** The size the new ReplicaSet may grow to now (NewRSNewReplicas). ignoreSurge is the deployment-ignores-max-surge fault. */
export function newReplicaSetReplicas(d: Deployment, allSets: ReplicaSet[], newRS: ReplicaSet, ignoreSurge = false): number {
  if (!isRollingUpdate(d) || ignoreSurge) return desiredReplicas(d);
  const current = specReplicaSum(allSets);
  const maxTotal = desiredReplicas(d) + maxSurge(d);
  if (current >= maxTotal) return rsReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, desiredReplicas(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUp;
}

/**
 * New sizes for old ReplicaSets during a rolling update (reconcileOldReplicaSets): first remove
 * unhealthy old replicas (oldest sets first) within what availability allows, then scale old sets
 * down while available pods stay ≥ replicas − maxUnavailable. Returns only sets whose size changes.
 * ignoreMaxUnavailable is the deployment-ignores-max-unavailable fault.
 */
export function scaleDownOldReplicaSets(d: Deployment, oldSets: ReplicaSet[], newRS: ReplicaSet, ignoreMaxUnavailable = false): Map<string, number> {
  const sizes = new Map<string, number>();
  const active = oldSets.filter((rs) => rsReplicas(rs) > 0);
  if (specReplicaSum(oldSets) === 0) return sizes;
  if (ignoreMaxUnavailable) {
    for (const rs of active) sizes.set(String(rs.metadata.name), 0);
    return sizes;
  }
  const size = (rs: ReplicaSet) => sizes.get(String(rs.metadata.name)) ?? rsReplicas(rs);
  const allPods = specReplicaSum([...oldSets, newRS]);
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = rsReplicas(newRS) - rsAvailable(newRS);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return sizes;

  const sorted = [...active].sort(byCreation);
  let cleaned = 0;
  for (const rs of sorted) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = rsReplicas(rs) - rsAvailable(rs);
    if (rsReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(String(rs.metadata.name), rsReplicas(rs) - count);
    cleaned += count;
  }

  const available = availableReplicaSum([...oldSets, newRS]);
  if (available <= minAvailable) return sizes;
  const toScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of sorted) {
    if (scaled >= toScaleDown) break;
    if (size(rs) === 0) continue;
    const count = Math.min(size(rs), toScaleDown - scaled);
    sizes.set(String(rs.metadata.name), size(rs) - count);
    scaled += count;
  }
  return sizes;
}
