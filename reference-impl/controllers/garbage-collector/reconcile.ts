import { ApiError, discoverResources, isNotFound, type DiscoveredResource, type Informer, type KubeObject, type OwnerReference } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';
import { nodeKey, OwnershipGraph, typeKey, type NodeRef } from './graph.ts';
import { blockingDependents, FOREGROUND_FINALIZER, hasFinalizer, isDeletingDependents, ORPHAN_FINALIZER, planDependent, unblockedOwners, type OwnerState } from './plan.ts';

const REDISCOVER_MS = 30_000;
const ABSENT_OWNERS_MAX = 10_000;
/** Kinds never owned in practice and too chatty to watch. */
const SKIPPED = new Set(['events', 'bindings']);

/**
 * The garbage collector: watches every listable kind, keeps the ownership graph, deletes
 * dependents whose owners are gone (Background), orphans dependents of owners deleted with the
 * `orphan` finalizer, and carries out foreground deletion (dependents first, then the owner's
 * `foregroundDeletion` finalizer comes off). Keys are `nodeKey`s; one key means "look at this
 * object both as a dependent and as an owner".
 */
export class GarbageCollector {
  private readonly runner: ControllerRunner;
  private readonly graph = new OwnershipGraph();
  private readonly informers = new Map<string, { type: DiscoveredResource; informer: Informer }>();
  private readonly byKind = new Map<string, DiscoveredResource>();
  private readonly absentOwners = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly ctx: ControllerContext) {
    this.runner = new ControllerRunner('garbage-collector', (key) => this.process(key), { log: ctx.log, workers: 4 });
  }

  async start(): Promise<void> {
    await this.discover();
    this.runner.start();
    this.timer = setInterval(() => void this.discover().catch((error) => this.ctx.log(`garbage-collector: discovery failed: ${(error as Error).message}`)), REDISCOVER_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.runner.stop();
  }

  /** Adds an informer for every listable, deletable kind not yet watched (custom resources appear later). */
  private async discover(): Promise<void> {
    const resources = await discoverResources(this.ctx.client);
    const starting: Promise<void>[] = [];
    for (const type of resources) {
      this.byKind.set(`${type.group}/${type.kind}`, type);
      const verbs = new Set(type.verbs);
      if (SKIPPED.has(type.plural) || !verbs.has('list') || !verbs.has('watch') || !verbs.has('delete')) continue;
      if (this.informers.has(typeKey(type))) continue;
      const informer = this.ctx.informers.for(type);
      informer.addHandlers({
        onAdd: (object) => this.observe(type, object),
        onUpdate: (old, object) => this.observe(type, object, old),
        onDelete: (object) => this.forget(type, object),
      });
      this.informers.set(typeKey(type), { type, informer });
      starting.push(informer.start());
    }
    await Promise.all(starting);
  }

  private observe(type: DiscoveredResource, object: KubeObject, old?: KubeObject): void {
    this.graph.upsert(type, object, old);
    const ref: NodeRef = { type, namespace: object.metadata.namespace, name: String(object.metadata.name) };
    const refsChanged = !old || JSON.stringify(old.metadata.ownerReferences) !== JSON.stringify(object.metadata.ownerReferences);
    const deletingChanged = !old || old.metadata.deletionTimestamp !== object.metadata.deletionTimestamp || JSON.stringify(old.metadata.finalizers) !== JSON.stringify(object.metadata.finalizers);
    if ((object.metadata.ownerReferences?.length && refsChanged) || (object.metadata.deletionTimestamp && deletingChanged)) this.runner.enqueue(nodeKey(ref));
    if (object.metadata.deletionTimestamp && deletingChanged) this.enqueueDependents(String(object.metadata.uid));
    if (old && refsChanged) for (const uid of unblockedOwners(old, object)) this.enqueueOwnerIfWaiting(uid);
  }

  /**
   * A foreground-deleting owner waits for its blocking dependents; a dependent stops blocking it not
   * only by going away but also by dropping the reference (the collector itself does that for
   * dependents with another, valid owner) or its blockOwnerDeletion. Upstream's graph builder
   * enqueues the owner on such transitions too; without it the owner kept its finalizer for ever
   * whenever the last dependent to stop blocking did so by an update rather than a deletion.
   */
  private enqueueOwnerIfWaiting(uid: string): void {
    const owner = this.graph.get(uid);
    if (owner && isDeletingDependents(owner.object)) this.runner.enqueue(nodeKey(owner.ref));
  }

  private forget(type: DiscoveredResource, object: KubeObject): void {
    this.graph.remove(type, object);
    this.enqueueDependents(String(object.metadata.uid));
    // An owner deleting in the foreground may be waiting for exactly this dependent.
    for (const owner of object.metadata.ownerReferences ?? []) this.enqueueOwnerIfWaiting(owner.uid);
  }

  private enqueueDependents(uid: string): void {
    for (const dependent of this.graph.dependents(uid)) this.runner.enqueue(nodeKey(dependent));
  }

  private async process(key: string): Promise<void> {
    const [typePart, rest] = key.split('|') as [string, string];
    const entry = this.informers.get(typePart);
    if (!entry) return;
    const slash = rest.indexOf('/');
    const object = entry.informer.get(rest.slice(0, slash) || undefined, rest.slice(slash + 1));
    if (!object) return;
    if (object.metadata.deletionTimestamp) await this.processOwner(entry.type, object);
    await this.processDependent(entry.type, object);
  }

  /** orphan: strip our references from dependents, then the finalizer; foregroundDeletion: wait for blocking dependents. */
  private async processOwner(type: DiscoveredResource, owner: KubeObject): Promise<void> {
    const uid = String(owner.metadata.uid);
    const dependents = this.graph.dependents(uid).map((ref) => this.objectAt(ref)).filter((object): object is KubeObject => Boolean(object));
    if (hasFinalizer(owner, ORPHAN_FINALIZER)) {
      for (const dependent of dependents) {
        const dependentType = this.typeOf(dependent);
        if (!dependentType) continue;
        if (this.ctx.faults.has('gc-ignores-orphan')) await this.deleteObject(dependentType, dependent, 'Background');
        else await this.patchOwnerRefs(dependentType, dependent, (dependent.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid));
      }
      await this.removeFinalizer(type, owner, ORPHAN_FINALIZER);
      return;
    }
    if (isDeletingDependents(owner)) {
      const blocking = blockingDependents(uid, dependents);
      if (blocking.length === 0) await this.removeFinalizer(type, owner, FOREGROUND_FINALIZER);
      // Nudge what still blocks (as upstream); a dependent itself deleting in the foreground is on its way.
      else for (const dependent of blocking) if (!isDeletingDependents(dependent)) this.enqueueObject(dependent);
    }
  }

  private async processDependent(type: DiscoveredResource, dependent: KubeObject): Promise<void> {
    const refs = dependent.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const owners = await Promise.all(refs.map(async (ref) => ({ ref, state: await this.ownerState(dependent, ref) })));
    const own = this.graph.dependents(String(dependent.metadata.uid)).map((ref) => this.objectAt(ref)).filter((object): object is KubeObject => Boolean(object));
    const action = planDependent(dependent, owners, { any: own.length > 0, deletingDependents: own.some(isDeletingDependents) });
    if (action.kind === 'remove-references') {
      await this.patchOwnerRefs(type, dependent, refs.filter((ref) => !action.uids.includes(ref.uid)));
    } else if (action.kind === 'delete' && !this.ctx.faults.has('gc-leaves-dependents')) {
      if (action.unblock.length > 0) {
        await this.patchOwnerRefs(type, dependent, refs.map((ref) => (action.unblock.includes(ref.uid) ? { ...ref, blockOwnerDeletion: false } : ref)));
      }
      await this.deleteObject(type, dependent, action.policy);
    }
  }

  /** Solid, waiting (foreground-deleting) or dangling; an owner missing from the graph is confirmed with a live GET. */
  private async ownerState(dependent: KubeObject, ref: OwnerReference): Promise<OwnerState> {
    let owner = this.graph.get(ref.uid)?.object;
    if (!owner) {
      if (this.absentOwners.has(ref.uid)) return 'dangling';
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
      const type = this.byKind.get(`${group}/${ref.kind}`);
      if (!type) return 'solid'; // Unknown kind: never delete on a guess.
      try {
        owner = await this.ctx.client.get(type, type.namespaced ? dependent.metadata.namespace : undefined, ref.name);
      } catch (error) {
        if (isNotFound(error)) return this.rememberAbsent(ref.uid);
        throw error;
      }
      if (owner.metadata.uid !== ref.uid) return this.rememberAbsent(ref.uid);
    }
    return isDeletingDependents(owner) ? 'waiting' : 'solid';
  }

  private enqueueObject(object: KubeObject): void {
    const type = this.typeOf(object);
    if (type) this.runner.enqueue(nodeKey({ type, namespace: object.metadata.namespace, name: String(object.metadata.name) }));
  }

  /**
   * A uid confirmed absent never comes back, so the dependents of a deleted owner (often a hundred
   * pods) cost one live GET, not one each (upstream's absentOwnerCache).
   */
  private rememberAbsent(uid: string): 'dangling' {
    if (this.absentOwners.size >= ABSENT_OWNERS_MAX) this.absentOwners.clear();
    this.absentOwners.add(uid);
    return 'dangling';
  }

  private objectAt(ref: NodeRef): KubeObject | undefined {
    return this.informers.get(typeKey(ref.type))?.informer.get(ref.namespace, ref.name);
  }

  private typeOf(object: KubeObject): DiscoveredResource | undefined {
    const group = object.apiVersion?.includes('/') ? object.apiVersion.split('/')[0]! : '';
    return this.byKind.get(`${group}/${object.kind}`);
  }

  private async patchOwnerRefs(type: DiscoveredResource, object: KubeObject, refs: OwnerReference[]): Promise<void> {
    await this.ignoreGone(this.ctx.client.patch(type, object.metadata.namespace, String(object.metadata.name), {
      metadata: { ownerReferences: refs.length > 0 ? refs : null, resourceVersion: object.metadata.resourceVersion },
    }));
  }

  private async removeFinalizer(type: DiscoveredResource, object: KubeObject, finalizer: string): Promise<void> {
    const finalizers = (object.metadata.finalizers ?? []).filter((existing) => existing !== finalizer);
    await this.ignoreGone(this.ctx.client.patch(type, object.metadata.namespace, String(object.metadata.name), {
      metadata: { finalizers: finalizers.length > 0 ? finalizers : null, resourceVersion: object.metadata.resourceVersion },
    }));
  }

  private async deleteObject(type: DiscoveredResource, object: KubeObject, policy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    await this.ignoreGone(this.ctx.client.delete(type, object.metadata.namespace, String(object.metadata.name), { propagationPolicy: policy, preconditions: { uid: object.metadata.uid } }));
  }

  private async ignoreGone(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      // Gone, or replaced by a new object of the same name (uid precondition): nothing to collect.
      if (isNotFound(error) || (error instanceof ApiError && error.statusCode === 409 && error.message.includes('Precondition'))) return;
      throw error;
    }
  }
}

