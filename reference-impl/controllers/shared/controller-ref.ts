import { ApiError, isNotFound, type ApiClient, type KubeObject, type OwnerReference, type ResourceType } from '../../client/index.ts';

/**
 * Adopting and releasing dependents by rewriting metadata.ownerReferences. The patch carries the
 * object's resourceVersion and uid, so it fails with Conflict when our cached view is stale (the
 * caller requeues) instead of clobbering someone else's change.
 */
export async function adopt(client: ApiClient, type: ResourceType, object: KubeObject, ref: OwnerReference): Promise<KubeObject | undefined> {
  const refs = [...(object.metadata.ownerReferences ?? []).filter((existing) => existing.uid !== ref.uid), ref];
  return patchOwners(client, type, object, refs);
}

export async function release(client: ApiClient, type: ResourceType, object: KubeObject, ownerUid: string): Promise<KubeObject | undefined> {
  const refs = (object.metadata.ownerReferences ?? []).filter((existing) => existing.uid !== ownerUid);
  return patchOwners(client, type, object, refs.length > 0 ? refs : null);
}

async function patchOwners(client: ApiClient, type: ResourceType, object: KubeObject, refs: OwnerReference[] | null): Promise<KubeObject | undefined> {
  try {
    return await client.patch(type, object.metadata.namespace, String(object.metadata.name), {
      metadata: { ownerReferences: refs, resourceVersion: object.metadata.resourceVersion, uid: object.metadata.uid },
    });
  } catch (error) {
    // Gone already, or now invalid to touch (e.g. being deleted): the next sync sees the fresh object.
    if (isNotFound(error) || (error instanceof ApiError && error.statusCode === 422)) return undefined;
    throw error;
  }
}
