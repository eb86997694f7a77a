import { storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { ApiError, badRequest, conflict, forbidden } from '../status.ts';
import { type ApiContext, isDryRun, type ResourceRequest } from './context.ts';
import { clone, deepEqual, rfc3339 } from './prepare.ts';
import { isConflict } from './update.ts';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

/** Namespaces the cluster cannot run without (upstream refuses to delete them). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** DeleteOptions from the body (if any) and the query, as `kubectl delete` and clients send them. */
export function parseDeleteOptions(query: URLSearchParams, body: Record<string, unknown> | undefined): DeleteOptions {
  const options: DeleteOptions = { dryRun: isDryRun(query) };
  const grace = body?.gracePeriodSeconds ?? query.get('gracePeriodSeconds') ?? undefined;
  if (grace !== undefined && grace !== null) {
    const value = typeof grace === 'string' && /^-?\d+$/.test(grace) ? Number(grace) : grace;
    if (!Number.isInteger(value)) throw badRequest(`invalid gracePeriodSeconds: ${JSON.stringify(grace)}`);
    options.gracePeriodSeconds = value as number;
  }
  const policy = body?.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw badRequest(`propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`);
    }
    options.propagationPolicy = policy;
  }
  const orphan = body?.orphanDependents ?? query.get('orphanDependents') ?? undefined;
  if (orphan !== undefined && orphan !== null) {
    if (orphan !== true && orphan !== false && orphan !== 'true' && orphan !== 'false') throw badRequest('invalid orphanDependents');
    options.orphanDependents = orphan === true || orphan === 'true';
    if (options.propagationPolicy) throw badRequest('orphanDependents and propagationPolicy cannot be both set');
  }
  const preconditions = body?.preconditions;
  if (preconditions !== undefined && preconditions !== null) {
    if (typeof preconditions !== 'object' || Array.isArray(preconditions)) throw badRequest('invalid preconditions');
    const { uid, resourceVersion } = preconditions as Record<string, unknown>;
    if ((uid !== undefined && typeof uid !== 'string') || (resourceVersion !== undefined && typeof resourceVersion !== 'string')) {
      throw badRequest('invalid preconditions');
    }
    options.preconditions = { uid: uid as string | undefined, resourceVersion: resourceVersion as string | undefined };
  }
  if (Array.isArray(body?.dryRun) && (body.dryRun as unknown[]).includes('All')) options.dryRun = true;
  return options;
}

export interface DeleteResult {
  /** The object as last stored (deleted) or as it now is (deletion pending). */
  object: KubeObject;
  deleted: boolean;
}

/** DELETE of one object: graceful pods, finalizers, propagation finalizers, namespace lifecycle. */
export async function deleteObject(ctx: ApiContext, req: ResourceRequest, options: DeleteOptions): Promise<DeleteResult> {
  const info = storageInfo(req.info);
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.objects.get(info, req.namespace, req.name!);
    try {
      return await deleteCurrent(ctx, info, current, options);
    } catch (error) {
      if (isConflict(error) && !options.preconditions && attempt < 8) continue;
      throw error;
    }
  }
}

async function deleteCurrent(ctx: ApiContext, info: ResourceInfo, current: KubeObject, options: DeleteOptions): Promise<DeleteResult> {
  const meta = current.metadata!;
  const name = meta.name!;
  checkPreconditions(info, current, options);
  if (info.storageResource === 'namespaces' && IMMORTAL_NAMESPACES.has(name)) {
    throw forbidden(info, name, 'this namespace may not be deleted');
  }
  const next = clone(current);
  const nextMeta = next.metadata!;
  nextMeta.finalizers = withPropagationFinalizers(nextMeta.finalizers ?? [], options, defaultGarbageCollectionPolicy(info));
  if (nextMeta.finalizers.length === 0) delete nextMeta.finalizers;
  const now = ctx.now();
  const grace = gracePeriodFor(info, current, options);
  if (info.storageResource === 'namespaces') {
    nextMeta.deletionTimestamp ??= rfc3339(now);
    nextMeta.deletionGracePeriodSeconds ??= 0;
    next.status = { ...((next.status as object | undefined) ?? {}), phase: 'Terminating' };
    const specFinalizers = ((next.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length;
    if (specFinalizers === 0 && !nextMeta.finalizers) return remove(ctx, info, current, options);
    return pending(ctx, info, current, next, options);
  }
  if (grace > 0) {
    const remaining = meta.deletionTimestamp ? meta.deletionGracePeriodSeconds ?? 0 : Infinity;
    if (grace < remaining) {
      nextMeta.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      nextMeta.deletionGracePeriodSeconds = grace;
    }
    return pending(ctx, info, current, next, options);
  }
  if (nextMeta.finalizers) {
    nextMeta.deletionTimestamp ??= rfc3339(now);
    nextMeta.deletionGracePeriodSeconds = 0;
    return pending(ctx, info, current, next, options);
  }
  return remove(ctx, info, current, options);
}

function checkPreconditions(info: ResourceInfo, current: KubeObject, options: DeleteOptions): void {
  const meta = current.metadata!;
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid && uid !== meta.uid) {
    throw conflict(info, meta.name!, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${meta.uid}`);
  }
  if (resourceVersion && resourceVersion !== meta.resourceVersion) {
    throw conflict(info, meta.name!, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
  }
}

/** Orphan and Foreground deletions are carried out by the garbage collector through finalizers. */
export function withPropagationFinalizers(
  finalizers: string[],
  options: Pick<DeleteOptions, 'propagationPolicy' | 'orphanDependents'>,
  defaultPolicy: 'Orphan' | 'Background' = 'Background',
): string[] {
  const policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : options.orphanDependents === false ? 'Background' : undefined);
  if (!policy) {
    // An earlier delete's choice stands; otherwise the resource's default policy applies.
    const decided = finalizers.includes('orphan') || finalizers.includes('foregroundDeletion');
    return decided || defaultPolicy !== 'Orphan' ? finalizers : [...finalizers, 'orphan'];
  }
  const others = finalizers.filter((finalizer) => finalizer !== 'orphan' && finalizer !== 'foregroundDeletion');
  if (policy === 'Orphan') return [...others, 'orphan'];
  if (policy === 'Foreground') return [...others, 'foregroundDeletion'];
  return others;
}

/**
 * What happens to dependents when a delete names no policy. core/v1 ReplicationControllers orphan
 * their pods, as kube-apiserver keeps for backwards compatibility; everything else cascades.
 */
export function defaultGarbageCollectionPolicy(info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): 'Orphan' | 'Background' {
  return info.group === '' && info.version === 'v1' && info.resource === 'replicationcontrollers' ? 'Orphan' : 'Background';
}

/** Pods on a node get a grace period for the kubelet to stop them; everything else goes at once. */
export function gracePeriodFor(info: ResourceInfo, object: KubeObject, options: DeleteOptions): number {
  if (info.storageResource !== 'pods') return 0;
  const spec = (object.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (object.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  return grace < 0 ? 1 : grace;
}

async function pending(ctx: ApiContext, info: ResourceInfo, current: KubeObject, next: KubeObject, options: DeleteOptions): Promise<DeleteResult> {
  if (deepEqual(next, current) || options.dryRun) return { object: next, deleted: false };
  const updated = await ctx.objects.update(info, next, Number(current.metadata!.resourceVersion));
  return { object: updated, deleted: false };
}

async function remove(ctx: ApiContext, info: ResourceInfo, current: KubeObject, options: DeleteOptions): Promise<DeleteResult> {
  if (options.dryRun) return { object: current, deleted: true };
  const removed = await ctx.objects.delete(info, current.metadata!.namespace, current.metadata!.name!, Number(current.metadata!.resourceVersion));
  await ctx.released(info, removed);
  return { object: removed, deleted: true };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 404;
}
