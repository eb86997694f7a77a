/**
 * Patch engines: JSON patch, JSON merge patch, strategic merge patch and server-side apply, plus
 * the managedFields bookkeeping every other write needs.
 * Owned by the api-semantics work; the core only depends on this file's exports.
 */
import { modelForKind } from '../openapi/model-schema.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError, isObject, type JsonObject } from './patch-error.js';
import { serverSideApply } from './server-side-apply.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

export { PatchError } from './patch-error.js';
export type { PatchCause } from './patch-error.js';
export {
  checkFieldManager,
  defaultManagerName,
  managedFieldsAfterUpdate,
  type ManagedFieldsEntry,
  type UpdateRecord,
} from './managed-fields.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchRequest {
  type: PatchType;
  /** apiVersion/kind of the target, to look up merge keys and field schemas. */
  apiVersion: string;
  kind: string;
  /** The stored object (undefined: server-side apply creates it). */
  current: Record<string, unknown> | undefined;
  /** The raw request body (JSON or, for apply, YAML). */
  body: string;
  fieldManager?: string;
  force?: boolean;
  /** 'status' or 'scale' when patching through a subresource (apply records it in managedFields). */
  subresource?: string;
}

export function contentTypeToPatchType(contentType: string): PatchType | undefined {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  switch (base) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      return undefined;
  }
}

/**
 * Returns the patched object (a new object; `current` is not modified). For 'apply' the result
 * carries the new metadata.managedFields; for the other types call managedFieldsAfterUpdate()
 * after defaulting, as for any update. Throws only PatchError.
 */
export async function applyPatch(request: PatchRequest): Promise<Record<string, unknown>> {
  if (request.force && request.type !== 'apply') {
    throw new PatchError(422, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch', [
      { reason: 'FieldValueForbidden', field: 'force', message: 'Forbidden: may not be specified for non-apply patch' },
    ]);
  }
  try {
    if (request.type === 'apply') {
      return serverSideApply({
        current: request.current,
        body: request.body,
        manager: request.fieldManager,
        force: request.force ?? false,
        ...(request.subresource ? { subresource: request.subresource } : {}),
      });
    }
    if (!request.current) throw new PatchError(404, 'the object to patch does not exist');
    const current: JsonObject = request.current;
    switch (request.type) {
      case 'json':
        return applyJsonPatch(current, request.body);
      case 'merge':
        return applyMergePatch(current, request.body);
      case 'strategic':
        return applyStrategicMergePatch(current, request.body, modelForKind(request.apiVersion, request.kind));
      default:
        throw new PatchError(415, `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
  } catch (error) {
    if (error instanceof PatchError) throw error;
    throw new PatchError(400, `error applying patch: ${(error as Error).message}`);
  }
}

export { isObject };
