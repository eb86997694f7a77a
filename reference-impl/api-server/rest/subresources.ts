import { applyPatch } from '../patch/index.ts';
import { parseResourceVersion } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { labelSelectorToString } from '../selectors.ts';
import { badRequest, conflict, invalid, notFound, STALE_OBJECT_MESSAGE } from '../status.ts';
import { type ApiContext, isDryRun, type ResourceRequest, writeOptionsFor } from './context.ts';
import { deleteObject, parseDeleteOptions } from './delete.ts';
import { clone, rfc3339 } from './prepare.ts';
import { patchFailure, patchTypeOf } from './patch.ts';
import { isConflict, updateStored } from './update.ts';

type Json = Record<string, any>;

/** The autoscaling/v1 Scale view of a Deployment, ReplicaSet or ReplicationController. */
export function scaleOf(info: ResourceInfo, object: KubeObject): KubeObject {
  const meta = object.metadata!;
  const spec = (object.spec ?? {}) as Json;
  const status = (object.status ?? {}) as Json;
  const selector = info.scale?.selectorStyle === 'map'
    ? Object.entries((spec.selector ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',')
    : labelSelectorToString(spec.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

export async function getScale(ctx: ApiContext, req: ResourceRequest): Promise<KubeObject> {
  const info = storageInfo(req.info);
  return scaleOf(info, await ctx.objects.get(info, req.namespace, req.name!));
}

function replicasOf(scale: Json, name: string): number {
  const replicas = scale?.spec?.replicas ?? 0;
  if (!Number.isInteger(replicas)) throw badRequest(`Scale in version "v1" cannot be handled as a Scale: spec.replicas must be an integer`);
  if (replicas < 0) {
    throw invalid('Scale', 'autoscaling', name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }]);
  }
  return replicas;
}

/** PUT (body is a Scale) or PATCH (body patches the Scale) of the scale subresource. */
export async function writeScale(ctx: ApiContext, req: ResourceRequest, body: Buffer, contentType: string | undefined, method: 'PUT' | 'PATCH'): Promise<KubeObject> {
  const info = storageInfo(req.info);
  const write = writeOptionsFor(req);
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.objects.get(info, req.namespace, req.name!);
    let wanted: Json;
    if (method === 'PUT') {
      try {
        wanted = JSON.parse(body.toString('utf8')) as Json;
      } catch (error) {
        throw badRequest(`couldn't decode Scale: ${(error as Error).message}`);
      }
      if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted)) throw badRequest('the body of the request must be a Scale object');
    } else {
      try {
        wanted = await applyPatch({ type: patchTypeOf(contentType), apiVersion: 'autoscaling/v1', kind: 'Scale', current: scaleOf(info, current), body: body.toString('utf8') });
      } catch (error) {
        throw patchFailure(error, 'Scale', req.name!);
      }
    }
    const scaleName = wanted?.metadata?.name;
    if (scaleName !== undefined && scaleName !== req.name) throw badRequest(`the name of the object (${String(scaleName)}) does not match the name on the URL (${req.name})`);
    const requested = parseResourceVersion(wanted?.metadata?.resourceVersion);
    const explicit = method === 'PUT' || body.toString('utf8').includes('resourceVersion');
    if (explicit && requested !== undefined && String(requested) !== current.metadata!.resourceVersion) {
      throw conflict(req.info, req.name!, STALE_OBJECT_MESSAGE);
    }
    const next = clone(current);
    next.spec = { ...((next.spec as Json | undefined) ?? {}), replicas: replicasOf(wanted, req.name!) };
    if (ctx.faults.has('scale-subresource-ignored')) return scaleOf(info, next);
    try {
      return scaleOf(info, await updateStored(ctx, info, current, next, { ...write, subresource: undefined, managedSubresource: 'scale' }));
    } catch (error) {
      if (!(explicit && requested !== undefined) && isConflict(error) && attempt < 8) continue;
      throw error;
    }
  }
}

/** POST pods/NAME/binding: the scheduler assigns a pod to a node (once). */
export async function bindPod(ctx: ApiContext, req: ResourceRequest, body: Record<string, unknown>): Promise<void> {
  const info = storageInfo(req.info);
  const target = body.target as Json | undefined;
  if (!target || typeof target !== 'object' || typeof target.name !== 'string' || target.name === '') {
    throw invalid('Binding', '', req.name!, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  for (let attempt = 1; ; attempt++) {
    const pod = await ctx.objects.get(info, req.namespace, req.name!);
    const spec = (pod.spec ?? {}) as Json;
    if (pod.metadata!.deletionTimestamp) throw conflict(info, req.name!, `pod ${req.name} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw conflict(info, req.name!, `pod ${req.name} is already assigned to node "${spec.nodeName}"`);
    const next = clone(pod);
    (next.spec as Json).nodeName = target.name;
    const status = (next.status ?? {}) as Json;
    const conditions = ((status.conditions ?? []) as Json[]).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now()) });
    next.status = { ...status, conditions };
    if (isDryRun(req.query)) return;
    try {
      await ctx.objects.update(info, next, Number(pod.metadata!.resourceVersion));
      return;
    } catch (error) {
      if (isConflict(error) && attempt < 8) continue;
      throw error;
    }
  }
}

/** POST pods/NAME/eviction: a graceful delete (no PodDisruptionBudgets are served). */
export async function evictPod(ctx: ApiContext, req: ResourceRequest, body: Record<string, unknown>): Promise<void> {
  const deleteOptions = (body.deleteOptions ?? undefined) as Record<string, unknown> | undefined;
  if (deleteOptions !== undefined && (typeof deleteOptions !== 'object' || Array.isArray(deleteOptions))) throw badRequest('invalid deleteOptions');
  try {
    await deleteObject(ctx, req, parseDeleteOptions(req.query, deleteOptions));
  } catch (error) {
    if ((error as { code?: number }).code === 404) throw notFound(req.info, req.name!);
    throw error;
  }
}
