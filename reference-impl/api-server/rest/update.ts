import { strategyFor } from '../strategy/index.ts';
import { parseResourceVersion } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { ApiError, badRequest, conflict, invalid, notFound, STALE_OBJECT_MESSAGE } from '../status.ts';
import { type ApiContext, type ResourceRequest, type WriteOptions, writeOptionsFor } from './context.ts';
import { recordManagedFields } from './managed-fields.ts';
import { createStored, dedupe } from './create.ts';
import { decodeObject, toServed, toStorage } from './decode.ts';
import { bumpGeneration, clone, deepEqual, prepareForStatusUpdate, prepareForUpdate } from './prepare.ts';

/** Resources a PUT may create (upstream AllowCreateOnUpdate). */
const CREATE_ON_UPDATE = new Set(['endpoints', 'events', 'leases']);

const MAX_ATTEMPTS = 8;

/** PUT on an object or on its status subresource. */
export async function updateObject(ctx: ApiContext, req: ResourceRequest, body: Record<string, unknown>): Promise<{ object: KubeObject; created: boolean }> {
  const { info } = req;
  const served = decodeObject(info, body);
  const meta = served.metadata!;
  if (meta.name !== undefined && meta.name !== req.name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${req.name})`);
  }
  meta.name = req.name;
  if (info.namespaced) {
    if (meta.namespace && meta.namespace !== req.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = req.namespace;
  } else delete meta.namespace;
  const requested = parseResourceVersion(meta.resourceVersion);
  if (Number.isNaN(requested)) throw badRequest(`invalid resourceVersion "${meta.resourceVersion}"`);
  const stored = storageInfo(info);
  const write = writeOptionsFor(req);
  const object = toStorage(info, served);
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.objects.find(stored, req.namespace, req.name!);
    if (!current) {
      if (req.subresource || !CREATE_ON_UPDATE.has(stored.storageResource)) throw notFound(info, req.name!);
      if (requested !== undefined) throw notFound(info, req.name!);
      return { object: toServed(info, await createStored(ctx, stored, clone(object), write)), created: true };
    }
    if (requested !== undefined && String(requested) !== current.metadata!.resourceVersion) {
      throw conflict(info, req.name!, STALE_OBJECT_MESSAGE);
    }
    try {
      const updated = await updateStored(ctx, stored, current, clone(object), { ...write, subresource: req.subresource });
      return { object: toServed(info, updated), created: false };
    } catch (error) {
      // Without a resourceVersion the client asked for an unconditional update: retry on races.
      if (requested === undefined && isConflict(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.code === 409 && error.reason === 'Conflict';
}

export interface UpdateOptions extends WriteOptions {
  /** Recorded in managedFields when it differs from `subresource` (scale writes update the main object). */
  managedSubresource?: string;
  /** 'status' keeps everything but the status of the stored object; undefined: the main resource. */
  subresource?: string;
}

/**
 * Writes `next` over `current` (both in storage form) if current is still the stored version:
 * server-owned fields, defaults, validation, admission, no-op detection and deletion once the
 * last finalizer is gone. Throws Conflict when someone else wrote in between.
 */
export async function updateStored(ctx: ApiContext, info: ResourceInfo, current: KubeObject, next: KubeObject, options: UpdateOptions): Promise<KubeObject> {
  let object: KubeObject;
  if (options.subresource === 'status') {
    object = next;
    prepareForStatusUpdate(info, object, current, ctx.faults.has('status-writes-change-spec'));
  } else if (options.subresource === 'finalize') {
    // The namespace controller removes spec.finalizers through namespaces/NAME/finalize.
    object = { ...clone(current), spec: { ...(current.spec as object), finalizers: (next.spec as { finalizers?: unknown } | undefined)?.finalizers ?? [] } };
  } else {
    object = next;
    prepareForUpdate(info, object, current);
  }
  const strategy = strategyFor(info.group, info.resource);
  strategy.applyDefaults(object);
  if (!options.subresource && !ctx.faults.has('generation-not-bumped')) bumpGeneration(info, object.metadata!, current.metadata!, object, current);
  const causes = dedupe(strategy.validateUpdate(object, current));
  if (causes.length > 0) throw invalid(info.kind, info.group, current.metadata!.name!, causes);
  // Status writes (kubelets, controllers) change nothing admission decides on.
  if (!options.subresource) await ctx.admit('UPDATE', info, object, current, options.dryRun);
  recordManagedFields(object, current, options, options.managedSubresource ?? options.subresource, ctx.now());
  object.metadata!.resourceVersion = current.metadata!.resourceVersion;
  if (unchanged(object, current)) return current;
  // Fault: the write is answered as if stored, so only a later read or watch can tell.
  if (options.subresource === 'status' && info.group === 'apps' && ctx.faults.has('status-subresource-ignored')) return object;
  const expected = Number(current.metadata!.resourceVersion);
  if (shouldDeleteDuringUpdate(info, object, current)) {
    if (options.dryRun) return object;
    const removed = await ctx.objects.delete(info, object.metadata!.namespace, object.metadata!.name!, expected);
    await ctx.released(info, removed);
    return object;
  }
  if (options.dryRun) return object;
  return ctx.objects.update(info, object, expected);
}

/** No-op writes do not bump resourceVersion, so controllers that re-write the same state do not loop. */
function unchanged(object: KubeObject, current: KubeObject): boolean {
  const strip = (value: KubeObject) => {
    const copy = clone(value);
    delete copy.metadata!.resourceVersion;
    delete copy.metadata!.managedFields;
    return copy;
  };
  return deepEqual(strip(object), strip(current));
}

/** Objects being deleted go once their last finalizer is removed. */
function shouldDeleteDuringUpdate(info: ResourceInfo, object: KubeObject, current: KubeObject): boolean {
  const meta = object.metadata!;
  if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0) return false;
  if (info.storageResource === 'namespaces') {
    return (((object.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? []).length === 0;
  }
  return current.metadata!.deletionGracePeriodSeconds === 0;
}
