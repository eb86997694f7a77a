import type { ReconcileResult } from '../runtime/controller-runner.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import type { Pod } from '../shared/pods.ts';
import { deploymentAnnotationsForRollback, ROLLBACK_TO } from './annotations.ts';
import { withoutHash } from './hash.ts';
import { findNewReplicaSet, planRollback, replicaSetsToCleanUp, rollbackRequest } from './plan-history.ts';
import { newReplicaSetReplicas, scaleDownOldReplicaSets } from './plan-rolling.ts';
import { planScale } from './plan-scale.ts';
import { calculateStatus, deploymentComplete, progressRecheckMs, rolloutStatus } from './plan-status.ts';
import type { DeploymentSync } from './sync.ts';
import { desiredReplicas, rsActual, rsReplicas, type ReplicaSet } from './types.ts';

/** rolloutRolling: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable. */
export async function rollingUpdate(sync: DeploymentSync): Promise<ReconcileResult | void> {
  const { newRS, oldSets } = await sync.newAndOld(true);
  if (!newRS) return finishRollout(sync);
  if (await reconcileNewReplicaSet(sync, newRS)) return finishRollout(sync);
  const current = (rs: ReplicaSet) => sync.sets.find((s) => s.metadata.uid === rs.metadata.uid) ?? rs;
  const olds = oldSets.map(current);
  let scaledDown = false;
  let sizes = scaleDownOldReplicaSets(sync.d, olds, current(newRS), sync.fault('deployment-ignores-max-unavailable'));
  if (sync.fault('rollover-keeps-old-pods')) {
    // Only the newest old set is scaled down; anything older keeps its pods.
    const newestOld = [...olds].sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0];
    sizes = new Map([...sizes].filter(([name]) => name === newestOld?.metadata.name));
  }
  for (const [name, size] of sizes) {
    const rs = olds.find((candidate) => candidate.metadata.name === name);
    if (rs && (await sync.scale(current(rs), size, false))) scaledDown = true;
  }
  if (scaledDown) return finishRollout(sync);
  await cleanupIfComplete(sync, olds.map(current));
  return finishRollout(sync);
}

async function reconcileNewReplicaSet(sync: DeploymentSync, newRS: ReplicaSet): Promise<boolean> {
  const rs = sync.sets.find((s) => s.metadata.uid === newRS.metadata.uid) ?? newRS;
  const want = desiredReplicas(sync.d);
  if (rsReplicas(rs) === want) return false;
  if (rsReplicas(rs) > want) return sync.scale(rs, want, false);
  return sync.scale(rs, newReplicaSetReplicas(sync.d, sync.sets, rs, sync.fault('deployment-ignores-max-surge')), false);
}

/** rolloutRecreate: old ReplicaSets to 0, wait until none of their pods is left, then the new one to full size. */
export async function recreate(sync: DeploymentSync, pods: Pod[]): Promise<ReconcileResult | void> {
  if (sync.fault('recreate-does-not-wait')) {
    // The broken behaviour: bring the new pods up next to the old ones, as a 100% surge rollout would.
    sync.d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } };
    return rollingUpdate(sync);
  }
  const { oldSets } = await sync.newAndOld(false);
  let scaledDown = false;
  for (const rs of oldSets.filter((candidate) => rsReplicas(candidate) > 0)) {
    if (await sync.scale(rs, 0, false)) scaledDown = true;
  }
  if (scaledDown) return finishRollout(sync);
  if (oldPodsRunning(sync, pods)) return finishRollout(sync);
  const { newRS } = await sync.newAndOld(true);
  if (newRS && rsReplicas(newRS) !== desiredReplicas(sync.d)) await sync.scale(newRS, desiredReplicas(sync.d), false);
  await cleanupIfComplete(sync, sync.sets.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid));
  return finishRollout(sync);
}

/** Old ReplicaSets still report pods, or any pod of theirs is not finished (terminating ones count). */
function oldPodsRunning(sync: DeploymentSync, pods: Pod[]): boolean {
  const newUid = findNewReplicaSet(sync.d, sync.sets)?.metadata.uid;
  const oldSets = sync.sets.filter((rs) => rs.metadata.uid !== newUid);
  if (oldSets.some((rs) => rsActual(rs) > 0)) return true;
  const oldUids = new Set(oldSets.map((rs) => rs.metadata.uid));
  return pods.some((pod) => {
    const owner = pod.metadata.ownerReferences?.find((ref) => ref.controller);
    if (!owner || !oldUids.has(owner.uid)) return false;
    const phase = pod.status?.phase;
    return phase !== 'Failed' && phase !== 'Succeeded';
  });
}

/** sync(): scaling events and paused Deployments only resize (proportionally), never roll. */
export async function scaleOnly(sync: DeploymentSync): Promise<ReconcileResult | void> {
  const { newRS, oldSets } = await sync.newAndOld(false);
  const steps = planScale(sync.d, newRS, oldSets, sync.fault('no-proportional-scaling'));
  for (const step of steps) {
    const rs = sync.sets.find((s) => s.metadata.uid === step.rs.metadata.uid) ?? step.rs;
    await sync.scale(rs, step.size, step.refreshAnnotations);
  }
  if (sync.d.spec.paused && rollbackRequest(sync.d) === undefined) await cleanup(sync, oldSets);
  const current = findNewReplicaSet(sync.d, sync.sets);
  await sync.writeStatus(calculateStatus(sync.d, sync.status, sync.sets, current, sync.now));
}

/** syncStatusOnly: a Deployment being deleted only reports. */
export async function statusOnly(sync: DeploymentSync): Promise<void> {
  const { newRS } = await sync.newAndOld(false);
  await sync.writeStatus(calculateStatus(sync.d, sync.status, sync.sets, newRS, sync.now));
}

/** Rollback via the deprecated rollback annotation: copy the target revision's template back. */
export async function rollback(sync: DeploymentSync, recorder: EventRecorder): Promise<void> {
  const { newRS, oldSets } = await sync.newAndOld(true);
  const plan = planRollback(sync.d, [...oldSets, ...(newRS ? [newRS] : [])], rollbackRequest(sync.d) ?? 0n);
  const d = structuredClone(sync.d);
  if (plan.kind === 'rollback') {
    d.spec.template = withoutHash(plan.rs.spec.template);
    d.metadata.annotations = deploymentAnnotationsForRollback(d, plan.rs);
    recorder.normal(d, 'DeploymentRollback', `Rolled back deployment "${d.metadata.name}" to revision ${plan.revision}`);
  } else if (plan.kind === 'unchanged') {
    recorder.warning(d, 'DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
  } else {
    recorder.warning(d, 'DeploymentRollbackRevisionNotFound', plan.message);
  }
  delete d.metadata.annotations?.[ROLLBACK_TO];
  await sync.replaceDeployment(d);
}

async function cleanupIfComplete(sync: DeploymentSync, oldSets: ReplicaSet[]): Promise<void> {
  const newRS = findNewReplicaSet(sync.d, sync.sets);
  const status = calculateStatus(sync.d, sync.status, sync.sets, newRS, sync.now);
  if (deploymentComplete(sync.d, status)) await cleanup(sync, oldSets);
}

async function cleanup(sync: DeploymentSync, oldSets: ReplicaSet[]): Promise<void> {
  if (sync.fault('revision-history-not-cleaned')) return;
  const fresh = oldSets.map((rs) => sync.sets.find((s) => s.metadata.uid === rs.metadata.uid)).filter((rs): rs is ReplicaSet => Boolean(rs));
  for (const rs of replicaSetsToCleanUp(sync.d, fresh)) await sync.deleteReplicaSet(rs);
}

/** syncRolloutStatus: write the status and, mid-rollout, come back at the progress deadline. */
async function finishRollout(sync: DeploymentSync): Promise<ReconcileResult | void> {
  const newRS = findNewReplicaSet(sync.d, sync.sets);
  const status = rolloutStatus(sync.d, sync.status, sync.sets, newRS, sync.now);
  const previous = sync.d;
  await sync.writeStatus(status);
  const recheck = progressRecheckMs(previous, status, sync.now);
  return recheck === undefined ? undefined : { requeueAfterMs: recheck };
}

