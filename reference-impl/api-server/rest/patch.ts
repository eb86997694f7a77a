import { applyPatch, contentTypeToPatchType, PatchError, type PatchType } from '../patch/index.ts';
import { parseResourceVersion } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import { apiVersionOf, type KubeObject } from '../registry/types.ts';
import { ApiError, badRequest, conflict, invalid, notFound, STALE_OBJECT_MESSAGE, unsupportedMediaType } from '../status.ts';
import { type ApiContext, type ResourceRequest, writeOptionsFor } from './context.ts';
import { createStored } from './create.ts';
import { decodeObject, toServed, toStorage } from './decode.ts';
import { clone } from './prepare.ts';
import { isConflict, updateStored } from './update.ts';

const REASONS: Record<number, string> = { 400: 'BadRequest', 409: 'Conflict', 415: 'UnsupportedMediaType', 422: 'Invalid' };

/** PatchError from the patch engines → Status. */
export function patchFailure(error: unknown, kind: string, name: string): unknown {
  if (!(error instanceof PatchError)) return error;
  const reason = REASONS[error.status] ?? 'BadRequest';
  if (error.status === 422) return invalid(kind, '', name, error.causes);
  return new ApiError(error.status, reason, error.message, error.causes.length ? { name, kind, causes: error.causes } : { name, kind });
}

export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = contentTypeToPatchType(contentType ?? '');
  if (!type) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got "${contentType ?? ''}")`);
  }
  return type;
}

/** PATCH on an object, its status, or (server-side apply) a new object. */
export async function patchObject(
  ctx: ApiContext,
  req: ResourceRequest,
  body: Buffer,
  contentType: string | undefined,
  checkPatched: (object: Record<string, unknown>) => void = () => {},
): Promise<{ object: KubeObject; created: boolean }> {
  const { info } = req;
  const type = patchTypeOf(contentType);
  const fieldManager = req.query.get('fieldManager') ?? undefined;
  if (type === 'apply' && !fieldManager) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
  }
  // Fault: every apply behaves as if forced, so managers never hear of each other's fields.
  const force = req.query.get('force') === 'true' || (type === 'apply' && ctx.faults.has('apply-ignores-field-managers'));
  const stored = storageInfo(info);
  const write = { ...writeOptionsFor(req), managedFieldsDone: type === 'apply' };
  const text = body.toString('utf8');
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.objects.find(stored, req.namespace, req.name!);
    if (!current && (type !== 'apply' || req.subresource)) throw notFound(info, req.name!);
    let patched: Record<string, unknown>;
    try {
      patched = await applyPatch({
        type,
        apiVersion: apiVersionOf(info),
        kind: info.kind,
        current: current ? toServed(info, current) : undefined,
        body: text,
        fieldManager,
        force,
        ...(req.subresource ? { subresource: req.subresource } : {}),
      });
    } catch (error) {
      throw patchFailure(error, info.kind, req.name!);
    }
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the patch did not produce an object');
    if (attempt === 1) checkPatched(patched);
    const served = decodeObject(info, patched);
    const meta = served.metadata!;
    if (meta.name !== undefined && meta.name !== req.name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${req.name})`);
    meta.name = req.name;
    if (info.namespaced) {
      if (meta.namespace && meta.namespace !== req.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = req.namespace;
    } else delete meta.namespace;
    const object = toStorage(info, served);
    if (!current) {
      return { object: toServed(info, await createStored(ctx, stored, object, write)), created: true };
    }
    // A resourceVersion the patch sets explicitly is a precondition; otherwise the patch applies to the latest.
    const requested = parseResourceVersion(meta.resourceVersion);
    const explicit = text.includes('resourceVersion');
    if (explicit && requested !== undefined && String(requested) !== current.metadata!.resourceVersion) {
      throw conflict(info, req.name!, STALE_OBJECT_MESSAGE);
    }
    try {
      const updated = await updateStored(ctx, stored, current, clone(object), { ...write, subresource: req.subresource });
      return { object: toServed(info, updated), created: false };
    } catch (error) {
      if (!explicit && isConflict(error) && attempt < 8) continue;
      throw error;
    }
  }
}
