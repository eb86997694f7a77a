import { isAlreadyExists, isNotFound, RESOURCES, controllerRefOf, type OwnerReference } from '../../client/index.ts';
import type { FaultName } from '../../faults.ts';
import type { ControllerContext } from '../runtime/context.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import { sameJson } from '../shared/json.ts';
import { maxRevision, POD_TEMPLATE_HASH, REVISION, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.ts';
import { computeHash, equalIgnoreHash } from './hash.ts';
import { findNewReplicaSet } from './plan-history.ts';
import { maxSurge, newReplicaSetReplicas } from './plan-rolling.ts';
import { hasProgressDeadline, newCondition, REASONS, setCondition } from './plan-status.ts';
import { desiredReplicas, rsReplicas, type Deployment, type DeploymentStatus, type ReplicaSet } from './types.ts';

/**
 * One sync of one Deployment: the API side effects (create and resize ReplicaSets, stamp
 * revisions, write status) over an in-memory view that each write keeps current. The decisions
 * themselves are the pure plan-* functions.
 */
export class DeploymentSync {
  /** Status as this sync has changed it so far (written once, at the end). */
  status: DeploymentStatus;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly recorder: EventRecorder,
    public d: Deployment,
    public sets: ReplicaSet[],
  ) {
    this.status = structuredClone(d.status ?? {});
  }

  fault(name: FaultName): boolean {
    return this.ctx.faults.has(name);
  }

  get now(): number {
    return this.ctx.now();
  }

  /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) and the old ones. */
  async newAndOld(create: boolean): Promise<{ newRS?: ReplicaSet; oldSets: ReplicaSet[] }> {
    const existing = findNewReplicaSet(this.d, this.sets);
    const oldSets = this.sets.filter((rs) => rs !== existing);
    const newRevision = this.fault('deployment-revision-not-incremented') ? 1n : maxRevision(oldSets) + 1n;
    if (existing) return { newRS: await this.syncExistingNewReplicaSet(existing, newRevision), oldSets };
    if (!create) return { oldSets };
    return { newRS: await this.createNewReplicaSet(oldSets, newRevision), oldSets };
  }

  private async syncExistingNewReplicaSet(existing: ReplicaSet, newRevision: bigint): Promise<ReplicaSet> {
    const copy = structuredClone(existing);
    copy.metadata.annotations ??= {};
    const replicas = { desired: desiredReplicas(this.d), max: desiredReplicas(this.d) + maxSurge(this.d) };
    const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy.metadata.annotations, newRevision, true, replicas);
    const minReadyChanged = (copy.spec.minReadySeconds ?? 0) !== (this.d.spec.minReadySeconds ?? 0);
    if (annotationsChanged || minReadyChanged) {
      copy.spec.minReadySeconds = this.d.spec.minReadySeconds ?? 0;
      return this.replace(await this.ctx.client.update<ReplicaSet>(RESOURCES.replicasets, copy));
    }
    await this.setDeploymentRevision(copy.metadata.annotations[REVISION]);
    if (hasProgressDeadline(this.d) && !this.status.conditions?.some((c) => c.type === 'Progressing')) {
      setCondition(this.status, newCondition('Progressing', 'True', REASONS.foundNewReplicaSet, `Found new replica set "${copy.metadata.name}"`, this.now));
    }
    return existing;
  }

  private async createNewReplicaSet(oldSets: ReplicaSet[], newRevision: bigint): Promise<ReplicaSet | undefined> {
    const template = structuredClone(this.d.spec.template ?? {});
    const hash = computeHash(template, this.status.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(this.d.spec.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
    const name = `${this.d.metadata.name}-${hash}`;
    const draft: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: this.d.metadata.namespace, labels: template.metadata.labels, ownerReferences: [this.controllerRef()], annotations: {} },
      spec: { replicas: 0, minReadySeconds: this.d.spec.minReadySeconds ?? 0, selector, template },
    };
    draft.spec.replicas = newReplicaSetReplicas(this.d, [...oldSets, draft], draft, this.fault('deployment-ignores-max-surge'));
    const replicas = { desired: desiredReplicas(this.d), max: desiredReplicas(this.d) + maxSurge(this.d) };
    setNewReplicaSetAnnotations(this.d, draft.metadata.annotations!, newRevision, false, replicas);
    let created: ReplicaSet;
    try {
      created = await this.ctx.client.create<ReplicaSet>(RESOURCES.replicasets, draft);
    } catch (error) {
      if (isAlreadyExists(error)) return this.handleNameCollision(name, error as Error);
      if ((error as Error).message.includes('because it is being terminated')) throw error;
      const message = `Failed to create new replica set "${name}": ${(error as Error).message}`;
      if (hasProgressDeadline(this.d)) {
        setCondition(this.status, newCondition('Progressing', 'False', REASONS.failedCreate, message, this.now));
        await this.writeStatus(this.status).catch(() => undefined);
      }
      this.recorder.warning(this.d, REASONS.failedCreate, message);
      throw error;
    }
    this.sets = [...this.sets, created];
    if ((created.spec.replicas ?? 0) > 0) this.recorder.normal(this.d, 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${created.spec.replicas}`);
    await this.setDeploymentRevision(newRevision.toString());
    if (hasProgressDeadline(this.d)) {
      setCondition(this.status, newCondition('Progressing', 'True', REASONS.newReplicaSetCreated, `Created new replica set "${name}"`, this.now));
    }
    return created;
  }

  /** The name is taken: ours with the same template (a stale cache), or a hash collision (bump collisionCount, retry). */
  private async handleNameCollision(name: string, error: Error): Promise<ReplicaSet> {
    const found = await this.ctx.client.get<ReplicaSet>(RESOURCES.replicasets, this.d.metadata.namespace, name);
    if (controllerRefOf(found)?.uid === this.d.metadata.uid && equalIgnoreHash(this.d.spec.template, found.spec.template)) {
      this.sets = [...this.sets.filter((rs) => rs.metadata.name !== name), found];
      return found;
    }
    this.status.collisionCount = (this.status.collisionCount ?? 0) + 1;
    await this.writeStatus(this.status);
    throw error;
  }

  /** scaleReplicaSet: resize and stamp desired/max-replicas; a ScalingReplicaSet event when the size changed. */
  async scale(rs: ReplicaSet, size: number, refreshAnnotations = true): Promise<boolean> {
    const sizeChanges = rsReplicas(rs) !== size;
    const copy = structuredClone(rs);
    copy.metadata.annotations ??= {};
    const annotationsChange = refreshAnnotations && setReplicasAnnotations(copy.metadata.annotations, desiredReplicas(this.d), desiredReplicas(this.d) + maxSurge(this.d));
    if (!sizeChanges && !annotationsChange) return false;
    copy.spec.replicas = size;
    const updated = this.replace(await this.ctx.client.update<ReplicaSet>(RESOURCES.replicasets, copy));
    if (sizeChanges) {
      const direction = rsReplicas(rs) < size ? 'up' : 'down';
      this.recorder.normal(this.d, 'ScalingReplicaSet', `Scaled ${direction} replica set ${updated.metadata.name} from ${rsReplicas(rs)} to ${size}`);
    }
    return sizeChanges;
  }

  async deleteReplicaSet(rs: ReplicaSet): Promise<void> {
    try {
      await this.ctx.client.delete(RESOURCES.replicasets, rs.metadata.namespace, String(rs.metadata.name));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.sets = this.sets.filter((existing) => existing.metadata.uid !== rs.metadata.uid);
  }

  /** Writes status when it differs from what the Deployment carries. */
  async writeStatus(status: DeploymentStatus): Promise<void> {
    if (this.fault('deployment-status-not-updated') || sameJson(this.d.status ?? {}, status)) return;
    this.d = await this.ctx.client.updateStatus<Deployment>(RESOURCES.deployments, { ...this.d, status });
    this.status = structuredClone(this.d.status ?? status);
  }

  private async setDeploymentRevision(revision: string | undefined): Promise<void> {
    if (revision === undefined || this.d.metadata.annotations?.[REVISION] === revision) return;
    const updated = await this.ctx.client.patch<Deployment>(RESOURCES.deployments, this.d.metadata.namespace, String(this.d.metadata.name), {
      metadata: { annotations: { [REVISION]: revision }, resourceVersion: this.d.metadata.resourceVersion },
    });
    this.d = { ...updated, status: this.d.status };
  }

  /** PUT of the Deployment itself (rollback); the status this sync computed is kept. */
  async replaceDeployment(d: Deployment): Promise<void> {
    const updated = await this.ctx.client.update<Deployment>(RESOURCES.deployments, d);
    this.d = { ...updated, status: this.d.status };
  }

  private replace(rs: ReplicaSet): ReplicaSet {
    this.sets = this.sets.map((existing) => (existing.metadata.uid === rs.metadata.uid ? rs : existing));
    return rs;
  }

  controllerRef(): OwnerReference {
    return { apiVersion: 'apps/v1', kind: 'Deployment', name: String(this.d.metadata.name), uid: String(this.d.metadata.uid), controller: true, blockOwnerDeletion: true };
  }
}
