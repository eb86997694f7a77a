import { checkFieldManager, managedFieldsAfterUpdate, PatchError } from '../patch/index.ts';
import type { KubeObject } from '../registry/types.ts';
import { ApiError, invalid } from '../status.ts';
import type { WriteOptions } from './context.ts';

/**
 * Records an Update operation in metadata.managedFields (the patch engines own the bookkeeping;
 * the core calls it once per write, after defaulting). Server-side apply results already carry it.
 */
export function recordManagedFields(object: KubeObject, old: KubeObject | undefined, options: WriteOptions, subresource: string | undefined, now: Date): void {
  if (options.managedFieldsDone || !options.manager) return;
  try {
    checkFieldManager(options.manager);
    const entries = managedFieldsAfterUpdate({
      old: old as Record<string, any> | undefined,
      updated: object as Record<string, any>,
      manager: options.manager,
      subresource: subresource === 'status' ? 'status' : subresource === 'scale' ? 'scale' : undefined,
      now,
    });
    if (entries.length > 0) object.metadata!.managedFields = entries as unknown as Array<Record<string, unknown>>;
    else delete object.metadata!.managedFields;
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.status === 422) throw invalid('PatchOptions', 'meta.k8s.io', '', error.causes);
      throw new ApiError(error.status, 'BadRequest', error.message);
    }
    throw error;
  }
}
