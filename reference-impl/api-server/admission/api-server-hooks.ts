/**
 * The admission chain wired for the API server: lists what it needs straight from the store
 * (as the REST layer stores it) and turns AdmissionError into the Status errors of the core.
 * Pass the result to startApiServer({ admit, released }).
 */
import type { Store } from '../../store/types.ts';
import { decode, ObjectStore } from '../object-store.ts';
import { RESOURCES } from '../registry/resources.ts';
import type { ApiContext } from '../rest/context.ts';
import { forbidden, invalid } from '../status.ts';
import { AdmissionError, createAdmission, type AdmissionOptions } from './index.ts';
import type { AddressRanges } from './service-allocation.ts';

export function admissionHooks(store: Store, options: AdmissionOptions & { ranges: AddressRanges }): Pick<ApiContext, 'admit' | 'released'> {
  const objects = new ObjectStore(store);
  const admission = createAdmission(
    {
      async list(group, resource, namespace) {
        const info = RESOURCES.find((entry) => entry.group === group && entry.storageResource === resource && !entry.converter);
        if (!info) return [];
        const { items } = await store.list(objects.prefix(info, namespace));
        return items.map(decode);
      },
    },
    options,
  );
  return {
    async admit(operation, info, object, old, dryRun) {
      try {
        await admission.admit({ operation, group: info.group, resource: info.storageResource, object, old, dryRun });
      } catch (error) {
        if (!(error instanceof AdmissionError)) throw error;
        const name = object.metadata?.name ?? '';
        if (error.code === 403) throw forbidden(info, name, error.detail);
        throw invalid(info.kind, info.group, name, error.causes);
      }
    },
    // Allocations are derived from the stored Services each time, so a removal frees them by itself.
    async released() {},
  };
}
