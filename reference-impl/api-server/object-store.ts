import type { KeyValue, Store } from '../store/types.ts';
import { CompactedError, KeyExistsError, KeyNotFoundError, RevisionConflictError } from '../store/types.ts';
import type { KubeObject, ResourceInfo } from './registry/types.ts';
import { alreadyExists, conflict, gone, notFound, STALE_OBJECT_MESSAGE } from './status.ts';

/**
 * Objects in their stored representation, keyed as kube-apiserver keys them in etcd
 * (`/registry/RESOURCE/NAMESPACE/NAME`). resourceVersion is never stored: it is the key's
 * modRevision, set when an object is read. Store errors become Status errors here.
 */
export class ObjectStore {
  constructor(readonly store: Store) {}

  key(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return info.namespaced ? `/registry/${info.storageResource}/${namespace}/${name}` : `/registry/${info.storageResource}/${name}`;
  }

  /** Prefix of every object of the resource, or of one namespace's objects. */
  prefix(info: ResourceInfo, namespace?: string): string {
    return info.namespaced && namespace ? `/registry/${info.storageResource}/${namespace}/` : `/registry/${info.storageResource}/`;
  }

  async get(info: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.store.get(this.key(info, namespace, name));
    if (!kv) throw notFound(info, name);
    return decode(kv);
  }

  async find(info: ResourceInfo, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.store.get(this.key(info, namespace, name));
    return kv ? decode(kv) : undefined;
  }

  async create(info: ResourceInfo, object: KubeObject): Promise<KubeObject> {
    const meta = object.metadata!;
    try {
      return decode(await this.store.create(this.key(info, meta.namespace, meta.name!), encode(object)));
    } catch (error) {
      if (error instanceof KeyExistsError) throw alreadyExists(info, meta.name!);
      throw error;
    }
  }

  /** expectedRevision: the resourceVersion the caller read (optimistic concurrency). */
  async update(info: ResourceInfo, object: KubeObject, expectedRevision?: number): Promise<KubeObject> {
    const meta = object.metadata!;
    try {
      return decode(await this.store.update(this.key(info, meta.namespace, meta.name!), encode(object), expectedRevision));
    } catch (error) {
      throw translate(error, info, meta.name!);
    }
  }

  async delete(info: ResourceInfo, namespace: string | undefined, name: string, expectedRevision?: number): Promise<KubeObject> {
    try {
      return decode(await this.store.delete(this.key(info, namespace, name), expectedRevision));
    } catch (error) {
      throw translate(error, info, name);
    }
  }
}

function translate(error: unknown, info: ResourceInfo, name: string): unknown {
  if (error instanceof KeyNotFoundError) return notFound(info, name);
  if (error instanceof RevisionConflictError) return conflict(info, name, STALE_OBJECT_MESSAGE);
  if (error instanceof CompactedError) return gone(`too old resource version: ${error.message}`);
  return error;
}

export function encode(object: KubeObject): string {
  const { resourceVersion: _ignored, ...metadata } = object.metadata ?? {};
  return JSON.stringify({ ...object, metadata });
}

export function decode(kv: KeyValue): KubeObject {
  const object = JSON.parse(kv.value) as KubeObject;
  object.metadata = { ...(object.metadata ?? {}), resourceVersion: String(kv.modRevision) };
  return object;
}

/** resourceVersion strings from clients: decimal revisions only. */
export function parseResourceVersion(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return NaN;
  return Number(value);
}
