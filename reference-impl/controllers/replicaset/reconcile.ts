import { controllerRefOf, objectKey, type Informer, type OwnerReference } from '../../client/index.ts';
import { RESOURCES } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import { Expectations } from '../runtime/expectations.ts';
import { sameJson } from '../shared/json.ts';
import { selectorMatches } from '../shared/label-selector.ts';
import { isPodActive, msUntilAvailable, type Pod } from '../shared/pods.ts';
import { ownerView, type ReplicaController, type ReplicaKind } from './kinds.ts';
import { calculateStatus, claimPods, planReplicas, podFromTemplate, terminatingPodsOf } from './plan.ts';
import { PodControl } from './pod-control.ts';

/**
 * The ReplicaSet controller (and, with REPLICATION_CONTROLLER, the ReplicationController
 * controller): keeps spec.replicas active pods matching the selector, adopting and releasing pods,
 * and reports status. Level-triggered on the owner's key; pod events only enqueue owners.
 */
export class ReplicaControllerLoop {
  private readonly runner: ControllerRunner;
  private readonly owners: Informer<ReplicaController>;
  private readonly pods: Informer<Pod>;
  private readonly expectations = new Expectations();
  private readonly podControl: PodControl;
  /** replicaset-ignores-deleted-pods: how many pods each owner has ever created. */
  private readonly createdEver = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext, private readonly kind: ReplicaKind) {
    this.owners = ctx.informers.for<ReplicaController>(kind.resource);
    this.pods = ctx.informers.for<Pod>(RESOURCES.pods);
    this.podControl = new PodControl(ctx.client, ctx.recorder(kind.component), this.expectations);
    this.runner = new ControllerRunner(kind.component, (key) => this.reconcile(key), { log: ctx.log, workers: 3 });
    this.owners.addHandlers({
      onAdd: (owner) => this.runner.enqueue(objectKey(owner)),
      onUpdate: (_old, owner) => this.runner.enqueue(objectKey(owner)),
      onDelete: (owner) => this.expectations.delete(objectKey(owner)),
    });
    this.pods.addHandlers({
      onAdd: (pod) => this.podChanged(pod, 'added'),
      onUpdate: (old, pod) => {
        const oldOwner = this.ownerKeyOf(old);
        if (oldOwner && oldOwner !== this.ownerKeyOf(pod)) this.runner.enqueue(oldOwner);
        this.podChanged(pod, pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp ? 'deleted' : 'updated');
      },
      onDelete: (pod) => this.podChanged(pod, 'deleted'),
    });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const owner = this.owners.getByKey(key);
    if (!owner) return this.expectations.delete(key);
    const view = ownerView(this.kind, owner);
    if (this.ctx.faults.has('min-ready-seconds-ignored')) view.minReadySeconds = 0;
    const needsSync = this.expectations.satisfied(key);
    const pods = this.pods.list(owner.metadata.namespace);
    const active = pods.filter(isPodActive);
    const faults = this.ctx.faults;
    const claim = claimPods(view, active, { adopt: !faults.has('replicaset-no-adoption'), release: !faults.has('replicaset-no-release') });
    await Promise.all([
      ...claim.adopt.map((pod) => this.podControl.adopt(pod, this.controllerRef(owner))),
      ...claim.release.map((pod) => this.podControl.release(pod, view.uid)),
    ]);
    let manageError: { creating: boolean; message: string } | undefined;
    if (needsSync && !view.deleting) manageError = await this.manageReplicas(owner, key, view.replicas, claim.owned);
    const now = this.ctx.now();
    const terminating = this.kind.reportsTerminating ? terminatingPodsOf(view, pods) : undefined;
    const status = calculateStatus(view, claim.owned, owner.status?.conditions, faults.has('replicaset-no-replica-failure-condition') ? undefined : manageError, now, terminating);
    // Keep fields this controller does not own; write only when something changed.
    const next: Record<string, unknown> = { ...owner.status, ...status };
    if (!status.conditions) delete next.conditions;
    if (!faults.has('replicaset-status-not-updated') && !sameJson(owner.status ?? {}, next)) {
      await this.ctx.client.updateStatus(this.kind.resource, { ...owner, status: next });
    }
    if (manageError) throw new Error(manageError.message);
    // Pods Ready but not yet available for minReadySeconds: look again when they will be.
    const waits = claim.owned.map((pod) => msUntilAvailable(pod, view.minReadySeconds, now)).filter((ms): ms is number => ms !== undefined);
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) + 50 } : undefined;
  }

  private async manageReplicas(owner: ReplicaController, key: string, desired: number, owned: Pod[]) {
    const action = planReplicas(desired, owned);
    if (action.kind === 'create') {
      let count = action.count;
      if (this.ctx.faults.has('replicaset-ignores-deleted-pods')) {
        count = Math.min(count, Math.max(0, desired - (this.createdEver.get(String(owner.metadata.uid)) ?? owned.length)));
        if (count === 0) return undefined;
      }
      const template = podFromTemplate(owner.spec?.template ?? {}, { ...this.controllerRef(owner), namespace: String(owner.metadata.namespace) });
      const { created, error } = await this.podControl.create(owner, key, template, count);
      const uid = String(owner.metadata.uid);
      this.createdEver.set(uid, (this.createdEver.get(uid) ?? owned.length) + created);
      return error ? { creating: true, message: error.message } : undefined;
    }
    if (action.kind === 'delete') {
      const { error } = await this.podControl.delete(owner, key, action.pods);
      return error ? { creating: false, message: error.message } : undefined;
    }
    return undefined;
  }

  private controllerRef(owner: ReplicaController): OwnerReference {
    return { apiVersion: this.kind.apiVersion, kind: this.kind.kind, name: String(owner.metadata.name), uid: String(owner.metadata.uid), controller: true, blockOwnerDeletion: true };
  }

  /** The key of the pod's controller if it is one of ours. */
  private ownerKeyOf(pod: Pod): string | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const owner = this.owners.get(pod.metadata.namespace, ref.name);
    return owner?.metadata.uid === ref.uid ? objectKey(owner) : undefined;
  }

  private podChanged(pod: Pod, change: 'added' | 'updated' | 'deleted'): void {
    const ownerKey = this.ownerKeyOf(pod);
    if (ownerKey) {
      if (change === 'added') this.expectations.creationObserved(ownerKey);
      if (change === 'deleted') this.expectations.deletionObserved(ownerKey, pod.metadata.uid);
      this.runner.enqueue(ownerKey);
      return;
    }
    if (change === 'deleted' || controllerRefOf(pod)) return;
    // An orphan: every owner whose selector matches may adopt it.
    for (const owner of this.owners.list(pod.metadata.namespace)) {
      if (selectorMatches(this.kind.selectorOf(owner), pod.metadata.labels)) this.runner.enqueue(objectKey(owner));
    }
  }
}
