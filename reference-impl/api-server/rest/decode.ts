import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { apiVersionOf } from '../registry/types.ts';
import { badRequest } from '../status.ts';

/**
 * Turns a request body into an object of the resource, refusing what Go's typed decoding would
 * refuse (wrong apiVersion/kind, wrongly typed metadata) with 400 — so nothing malformed reaches
 * storage, strategies or controllers.
 */
export function decodeObject(info: ResourceInfo, body: Record<string, unknown>): KubeObject {
  const expectedVersion = apiVersionOf(info);
  const { apiVersion, kind } = body;
  if (apiVersion !== undefined && apiVersion !== expectedVersion) {
    if (typeof apiVersion !== 'string') throw badRequest(`json: cannot unmarshal ${typeof apiVersion} into Go struct field .apiVersion of type string`);
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${expectedVersion})`);
  }
  if (kind !== undefined && kind !== info.kind) {
    if (typeof kind !== 'string') throw badRequest(`json: cannot unmarshal ${typeof kind} into Go struct field .kind of type string`);
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${info.kind})`);
  }
  const metadata = body.metadata ?? {};
  checkMetadata(info.kind, metadata);
  return { ...body, apiVersion: expectedVersion, kind: info.kind, metadata: { ...(metadata as object) } } as KubeObject;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function fail(kind: string, field: string, value: unknown, want: string): never {
  throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${typeName(value)} into Go struct field ${field} of type ${want}`);
}

function checkMetadata(kind: string, metadata: unknown): void {
  if (typeName(metadata) !== 'object') fail(kind, 'metadata', metadata, 'v1.ObjectMeta');
  const meta = metadata as Record<string, unknown>;
  for (const field of ['name', 'generateName', 'namespace', 'resourceVersion', 'uid', 'creationTimestamp', 'deletionTimestamp']) {
    const value = meta[field];
    if (value !== undefined && value !== null && typeof value !== 'string') fail(kind, `ObjectMeta.metadata.${field}`, value, 'string');
  }
  for (const field of ['labels', 'annotations']) {
    const value = meta[field];
    if (value === undefined || value === null) continue;
    if (typeName(value) !== 'object') fail(kind, `ObjectMeta.metadata.${field}`, value, 'map[string]string');
    for (const entry of Object.values(value as object)) {
      if (typeof entry !== 'string') fail(kind, `ObjectMeta.metadata.${field}`, entry, 'string');
    }
  }
  if (meta.finalizers !== undefined && meta.finalizers !== null) {
    if (!Array.isArray(meta.finalizers)) fail(kind, 'ObjectMeta.metadata.finalizers', meta.finalizers, '[]string');
    for (const entry of meta.finalizers) if (typeof entry !== 'string') fail(kind, 'ObjectMeta.metadata.finalizers', entry, 'string');
  }
  if (meta.ownerReferences !== undefined && meta.ownerReferences !== null) {
    if (!Array.isArray(meta.ownerReferences)) fail(kind, 'ObjectMeta.metadata.ownerReferences', meta.ownerReferences, '[]v1.OwnerReference');
    for (const entry of meta.ownerReferences) if (typeName(entry) !== 'object') fail(kind, 'ObjectMeta.metadata.ownerReferences', entry, 'v1.OwnerReference');
  }
  for (const field of ['generation', 'deletionGracePeriodSeconds']) {
    const value = meta[field];
    if (value !== undefined && value !== null && !Number.isInteger(value)) fail(kind, `ObjectMeta.metadata.${field}`, value, 'int64');
  }
  if (meta.managedFields !== undefined && meta.managedFields !== null && !Array.isArray(meta.managedFields)) {
    fail(kind, 'ObjectMeta.metadata.managedFields', meta.managedFields, '[]v1.ManagedFieldsEntry');
  }
  // Null means absent in Go's decoding.
  for (const [key, value] of Object.entries(meta)) if (value === null) delete meta[key];
}

/** The stored representation of a served object (identity unless the version converts). */
export function toStorage(info: ResourceInfo, object: KubeObject): KubeObject {
  return info.converter ? info.converter.toStorage(object) : object;
}

export function toServed(info: ResourceInfo, object: KubeObject): KubeObject {
  if (info.converter) return info.converter.fromStorage(object);
  return { apiVersion: apiVersionOf(info), kind: info.kind, ...object };
}
