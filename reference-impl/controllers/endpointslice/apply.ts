import { isNotFound, RESOURCES, type ApiClient } from '../../client/index.ts';
import type { SlicePlan } from './slices.ts';

/** Carries out a slice plan: deletions first (they may free the names and budget), then updates, then creations. */
export async function applySlicePlan(client: ApiClient, plan: SlicePlan): Promise<void> {
  await Promise.all(plan.delete.map((slice) => client.delete(RESOURCES.endpointslices, slice.metadata.namespace, String(slice.metadata.name)).catch((error) => {
    if (!isNotFound(error)) throw error;
  })));
  await Promise.all(plan.update.map((slice) => client.update(RESOURCES.endpointslices, slice)));
  await Promise.all(plan.create.map((slice) => client.create(RESOURCES.endpointslices, slice)));
}
