import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta, ResourceInfo } from '../registry/types.ts';
import type { StatusCause } from '../status.ts';

/**
 * Pure steps shared by create and update: system metadata, status resets and generation,
 * as kube-apiserver's BeforeCreate/BeforeUpdate and the per-kind PrepareFor* functions do them.
 */

/** Alphabet of upstream's rand.String (no vowels, no confusable digits). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(): string {
  const bytes = randomBytes(5);
  return [...bytes].map((byte) => NAME_ALPHABET[byte % NAME_ALPHABET.length]).join('');
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Status an object starts with on create, whatever the client sent (undefined: keep it). */
function initialStatus(info: ResourceInfo, object: KubeObject): Record<string, unknown> | undefined {
  if (info.storageResource === 'pods') return { phase: 'Pending', qosClass: qosClassOf(object) };
  if (info.storageResource === 'namespaces') return { phase: 'Active' };
  if (info.storageResource === 'nodes') return undefined;
  if (info.subresources.includes('status')) return {};
  return undefined;
}

/** BestEffort without any requests/limits; Guaranteed when every container's limits equal its requests. */
function qosClassOf(pod: KubeObject): string {
  const containers = ((pod.spec as Record<string, any> | undefined)?.containers ?? []) as Array<Record<string, any>>;
  let any = false;
  let guaranteed = containers.length > 0;
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const resource of ['cpu', 'memory']) {
      if (limits[resource] === undefined || (requests[resource] !== undefined && String(requests[resource]) !== String(limits[resource]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Fills the fields the server owns on create. */
export function prepareForCreate(info: ResourceInfo, object: KubeObject, now: Date): void {
  const meta = object.metadata!;
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (info.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  const status = initialStatus(info, object);
  if (status !== undefined) object.status = status;
  if (info.storageResource === 'namespaces') {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    spec.finalizers = ['kubernetes'];
    object.spec = spec;
    labelNamespaceName(object);
  }
}

/** Every namespace carries its name as a label, so selectors can pick namespaces by name. */
function labelNamespaceName(object: KubeObject): void {
  const meta = object.metadata!;
  meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name! };
}

/**
 * Carries the server-owned fields of the stored object over to an update of the main resource.
 */
export function prepareForUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject): void {
  const meta = object.metadata!;
  const oldMeta = old.metadata!;
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  copyOrDelete(meta, oldMeta, 'deletionTimestamp');
  copyOrDelete(meta, oldMeta, 'deletionGracePeriodSeconds');
  if (info.subresources.includes('status') && info.storageResource !== 'nodes') {
    if (old.status === undefined) delete object.status;
    else object.status = old.status;
  }
  if (info.storageResource === 'namespaces') {
    object.spec = old.spec;
    labelNamespaceName(object);
  }
}

/** Kinds whose status writes may not change labels (upstream apps and RC status strategies). */
const STATUS_KEEPS_LABELS = new Set(['deployments', 'replicasets', 'replicationcontrollers']);

/**
 * A write through the status subresource: everything but status and metadata comes from the
 * stored object, as the per-kind status strategies do it (metadata such as annotations may
 * change; apps kinds keep their labels, pods their ownerReferences). keepSpec false is the
 * status-writes-change-spec fault.
 */
export function prepareForStatusUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject, faultyKeepsNewSpec = false): void {
  const meta = object.metadata!;
  const oldMeta = old.metadata!;
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  copyOrDelete(meta, oldMeta, 'deletionTimestamp');
  copyOrDelete(meta, oldMeta, 'deletionGracePeriodSeconds');
  copyOrDelete(meta, oldMeta, 'generation');
  if (STATUS_KEEPS_LABELS.has(info.storageResource)) copyOrDelete(meta, oldMeta, 'labels');
  if (info.storageResource === 'pods') copyOrDelete(meta, oldMeta, 'ownerReferences');
  if (faultyKeepsNewSpec) return;
  for (const key of new Set([...Object.keys(object), ...Object.keys(old)])) {
    if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    if (old[key] === undefined) delete object[key];
    else object[key] = clone(old[key]);
  }
}

export function bumpGeneration(info: ResourceInfo, meta: ObjectMeta, oldMeta: ObjectMeta, object: KubeObject, old: KubeObject): void {
  if (!info.tracksGeneration) return;
  const oldGeneration = typeof oldMeta.generation === 'number' ? oldMeta.generation : 1;
  const specChanged = !deepEqual(object.spec, old.spec);
  meta.generation = specChanged ? oldGeneration + 1 : oldGeneration;
}

function copyOrDelete(target: ObjectMeta, source: ObjectMeta, key: keyof ObjectMeta): void {
  if (source[key] === undefined) delete target[key];
  else target[key] = source[key];
}

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Resources whose names are DNS labels (RFC 1123) upstream rather than subdomains. */
const LABEL_NAMED = new Set(['namespaces', 'services']);

/** Name checks every resource needs so that names are safe storage keys and URLs. */
export function validateName(info: ResourceInfo, meta: ObjectMeta): StatusCause[] {
  const name = meta.name;
  if (!name) {
    return [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }];
  }
  if (info.storageResource === 'events' || info.storageResource === 'leases' || info.storageResource === 'nodes') {
    // Event names carry dots and digits freely; node and lease names are subdomains too.
    if (!/^[^/%]+$/.test(name) || name === '.' || name === '..' || name.length > 253) {
      return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": may not contain '/' or '%'` }];
    }
    return [];
  }
  const label = LABEL_NAMED.has(info.storageResource);
  const ok = label ? DNS_LABEL.test(name) && name.length <= 63 : DNS_SUBDOMAIN.test(name) && name.length <= 253;
  if (ok) return [];
  const what = label
    ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": ${what}` }];
}
