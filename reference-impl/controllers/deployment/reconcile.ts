import { controllerRefOf, objectKey, RESOURCES, type Informer } from '../../client/index.ts';
import { claimPods } from '../replicaset/plan.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import { adopt, release } from '../shared/controller-ref.ts';
import { selectorMatches } from '../shared/label-selector.ts';
import type { Pod } from '../shared/pods.ts';
import { rollbackRequest } from './plan-history.ts';
import { isScalingEvent } from './plan-scale.ts';
import { pausedCondition, setCondition } from './plan-status.ts';
import { recreate, rollback, rollingUpdate, scaleOnly, statusOnly } from './rollout.ts';
import { DeploymentSync } from './sync.ts';
import type { Deployment, ReplicaSet } from './types.ts';

/**
 * The Deployment controller: owns ReplicaSets through pod-template-hash, rolls out template
 * changes with the declared strategy, scales proportionally, rolls back, cleans up history, and
 * reports status and conditions. ReplicaSet and pod events only enqueue the owning Deployment.
 */
export class DeploymentController {
  private readonly runner: ControllerRunner;
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext) {
    this.deployments = ctx.informers.for<Deployment>(RESOURCES.deployments);
    this.replicaSets = ctx.informers.for<ReplicaSet>(RESOURCES.replicasets);
    this.pods = ctx.informers.for<Pod>(RESOURCES.pods);
    this.recorder = ctx.recorder('deployment-controller');
    this.runner = new ControllerRunner('deployment-controller', (key) => this.reconcile(key), { log: ctx.log, workers: 3 });
    this.deployments.addHandlers({
      onAdd: (d) => this.runner.enqueue(objectKey(d)),
      onUpdate: (_old, d) => this.runner.enqueue(objectKey(d)),
      onDelete: (d) => this.runner.enqueue(objectKey(d)),
    });
    this.replicaSets.addHandlers({
      onAdd: (rs) => this.replicaSetChanged(rs),
      onUpdate: (old, rs) => {
        this.replicaSetChanged(rs);
        if (controllerRefOf(old)?.uid !== controllerRefOf(rs)?.uid) this.replicaSetChanged(old);
      },
      onDelete: (rs) => this.replicaSetChanged(rs),
    });
    // Recreate waits for old pods to be gone; their deletion is what lets it proceed.
    this.pods.addHandlers({ onDelete: (pod) => this.podDeleted(pod) });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const cached = this.deployments.getByKey(key);
    if (!cached) return;
    const sync = new DeploymentSync(this.ctx, this.recorder, structuredClone(cached), await this.claimReplicaSets(cached));
    const d = sync.d;
    if (d.spec.selector && Object.keys(d.spec.selector).length === 0) {
      this.recorder.warning(d, 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return sync.writeStatus({ ...sync.status, observedGeneration: d.metadata.generation });
    }
    if (d.metadata.deletionTimestamp) return statusOnly(sync);
    const paused = pausedCondition(d, sync.status, sync.now);
    if (paused) {
      setCondition(sync.status, paused);
      await sync.writeStatus(sync.status);
    }
    if (d.spec.paused && !this.ctx.faults.has('deployment-paused-ignored')) return scaleOnly(sync);
    if (rollbackRequest(d) !== undefined) return rollback(sync, this.recorder);
    if (isScalingEvent(d, sync.sets)) return scaleOnly(sync);
    const pods = this.pods.list(d.metadata.namespace);
    return d.spec.strategy?.type === 'Recreate' ? recreate(sync, pods) : rollingUpdate(sync);
  }

  /** getReplicaSetsForDeployment: adopt matching orphans, release owned sets that stopped matching. */
  private async claimReplicaSets(d: Deployment): Promise<ReplicaSet[]> {
    const owner = { uid: String(d.metadata.uid), deleting: Boolean(d.metadata.deletionTimestamp), selector: d.spec.selector ?? { matchLabels: { '\u0000none': '' } } };
    const claim = claimPods(owner, this.replicaSets.list(d.metadata.namespace));
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: String(d.metadata.name), uid: owner.uid, controller: true, blockOwnerDeletion: true };
    const adopted = await Promise.all(claim.adopt.map((rs) => adopt(this.ctx.client, RESOURCES.replicasets, rs, ref)));
    await Promise.all(claim.release.map((rs) => release(this.ctx.client, RESOURCES.replicasets, rs, owner.uid)));
    const adoptedByUid = new Map(adopted.filter((rs) => rs).map((rs) => [rs!.metadata.uid, rs as ReplicaSet]));
    return claim.owned.map((rs) => adoptedByUid.get(rs.metadata.uid) ?? rs).filter((rs) => !claim.release.includes(rs));
  }

  private replicaSetChanged(rs: ReplicaSet): void {
    const ref = controllerRefOf(rs);
    if (ref) {
      if (ref.kind !== 'Deployment') return;
      const d = this.deployments.get(rs.metadata.namespace, ref.name);
      if (d?.metadata.uid === ref.uid) this.runner.enqueue(objectKey(d));
      return;
    }
    for (const d of this.deployments.list(rs.metadata.namespace)) {
      if (selectorMatches(d.spec.selector, rs.metadata.labels)) this.runner.enqueue(objectKey(d));
    }
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(pod.metadata.namespace, ref.name);
    if (rs) this.replicaSetChanged(rs);
  }
}
