import { rfc3339 } from '../shared/json.ts';
import { maxUnavailable } from './plan-rolling.ts';
import {
  actualReplicaSum, availableReplicaSum, desiredReplicas, readyReplicaSum, specReplicaSum, terminatingReplicaSum,
  type Deployment, type DeploymentCondition, type DeploymentStatus, type ReplicaSet,
} from './types.ts';

/** Upstream condition reasons (pkg/controller/deployment/util). */
export const REASONS = {
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  failedCreate: 'ReplicaSetCreateError',
  minimumAvailable: 'MinimumReplicasAvailable',
  minimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** progressDeadlineSeconds unset or MaxInt32 means "no deadline". */
export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const at = rfc3339(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export const getCondition = (status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined =>
  status?.conditions?.find((condition) => condition.type === type);

/** SetDeploymentCondition: same status and reason → unchanged; same status → keep lastTransitionTime. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const remaining = (status.conditions ?? []).filter((c) => c.type !== type);
  if (remaining.length > 0) status.conditions = remaining;
  else delete status.conditions;
}

/** Counts and the Available condition (calculateStatus); conditions are copied from `base`. */
export function calculateStatus(d: Deployment, base: DeploymentStatus, allSets: ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = availableReplicaSum(allSets);
  const terminating = terminatingReplicaSum(allSets);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaSum(allSets),
    updatedReplicas: actualReplicaSum([newRS]),
    readyReplicas: readyReplicaSum(allSets),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaSum(allSets) - available),
    ...(terminating !== undefined ? { terminatingReplicas: terminating } : {}),
    ...(base.collisionCount !== undefined ? { collisionCount: base.collisionCount } : {}),
    ...(base.conditions ? { conditions: base.conditions.map((c) => ({ ...c })) } : {}),
  };
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASONS.minimumAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', REASONS.minimumUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const want = desiredReplicas(d);
  return status.updatedReplicas === want && status.replicas === want && status.availableReplicas === want && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Any progress since the previously written status (DeploymentProgressing). */
export function deploymentProgressing(previous: DeploymentStatus, next: DeploymentStatus): boolean {
  const oldOld = (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (previous.availableReplicas ?? 0)
  );
}

export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition || condition.reason === REASONS.newReplicaSetAvailable) return false;
  if (condition.reason === REASONS.timedOut) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '') || 0;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/**
 * The status a rollout step ends with (syncRolloutStatus): counts, Available, and the Progressing
 * condition — NewReplicaSetAvailable once complete, ReplicaSetUpdated on progress (keeping the
 * transition time), ProgressDeadlineExceeded past the deadline — plus the ReplicaFailure of the
 * new (else any) ReplicaSet. `working` is the status so far in this sync (it may carry a fresh
 * NewReplicaSetCreated condition); d.status is what was last written.
 */
export function rolloutStatus(d: Deployment, working: DeploymentStatus, allSets: ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const status = calculateStatus(d, working, allSets, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(working, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === REASONS.newReplicaSetAvailable;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', REASONS.newReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d.status ?? {}, status)) {
      const condition = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'Progressing'), condition];
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', REASONS.timedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allSets, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

function replicaFailure(allSets: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  for (const rs of newRS ? [newRS, ...allSets] : allSets) {
    const condition = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (condition) {
      return {
        type: 'ReplicaFailure',
        status: condition.status,
        lastUpdateTime: condition.lastTransitionTime,
        lastTransitionTime: condition.lastTransitionTime,
        reason: condition.reason,
        message: condition.message,
      };
    }
  }
  return undefined;
}

/** Milliseconds until the progress deadline should be checked again, if a rollout is in flight (requeueStuckDeployment). */
export function progressRecheckMs(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, status) || current.reason === REASONS.timedOut) return undefined;
  const after = (Date.parse(current.lastUpdateTime ?? '') || 0) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now;
  return Math.max(after, 1000);
}

/** The Unknown Progressing condition on pause/resume (checkPausedConditions); undefined when nothing changes. */
export function pausedCondition(d: Deployment, status: DeploymentStatus, now: number): DeploymentCondition | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const current = getCondition(status, 'Progressing');
  if (current?.reason === REASONS.timedOut) return undefined;
  const pausedNoted = current?.reason === REASONS.paused;
  if (d.spec.paused && !pausedNoted) return newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', now);
  if (!d.spec.paused && pausedNoted) return newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', now);
  return undefined;
}
