/**
 * metadata.managedFields bookkeeping for every write, the way kube-apiserver's field manager does
 * it: an Update records the fields a manager changed (taking them from other managers), fields
 * that disappear leave every manager's set, and entries with no fields left are dropped.
 */
import { modelForKind } from '../openapi/model-schema.js';
import { FieldSet, fieldSetOf, valueAt } from './field-set.js';
import { isObject, PatchError, type JsonObject } from './patch-error.js';
import { sameValue } from './strategic-merge.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** The parts of an object no manager owns (identity and server-maintained metadata). */
const IGNORED_METADATA = [
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
];

/** The manager name kube-apiserver derives from a User-Agent: its part before the first '/'. */
export function defaultManagerName(userAgent: string | undefined): string {
  const head = (userAgent ?? '').split('/')[0]!;
  return [...head].filter((char) => /\P{C}/u.test(char)).join('').slice(0, 128);
}

/** Validates a fieldManager query parameter (422 as upstream for a too long or unprintable one). */
export function checkFieldManager(name: string): void {
  if (name.length > 128) {
    throw new PatchError(422, `fieldManager: Too long: may not be more than 128 bytes`, [
      { reason: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: may not be more than 128 bytes' },
    ]);
  }
  if ([...name].some((char) => !/\P{C}/u.test(char))) {
    throw new PatchError(422, `fieldManager: Invalid value: "${name}": must only contain printable characters`, [
      { reason: 'FieldValueInvalid', field: 'fieldManager', message: 'must only contain printable characters' },
    ]);
  }
}

export function readManagedFields(object: JsonObject | undefined): ManagedFieldsEntry[] {
  const metadata = object?.metadata;
  const entries = isObject(metadata) ? metadata.managedFields : undefined;
  return Array.isArray(entries) ? (entries.filter(isObject) as unknown as ManagedFieldsEntry[]) : [];
}

/** The fields of an object a manager can own, given the subresource written through. */
export function ownableFieldSet(object: JsonObject, style: 'apply' | 'update', subresource?: string): FieldSet {
  const apiVersion = String(object.apiVersion ?? '');
  const kind = String(object.kind ?? '');
  const set = fieldSetOf(object, modelForKind(apiVersion, kind), style);
  const statusIsSeparate = kindHasStatusSubresource(kind);
  return set.filter((path) => {
    const [top, second] = path;
    if (top === 'f:apiVersion' || top === 'f:kind') return false;
    if (top === 'f:metadata') return second !== undefined && !IGNORED_METADATA.includes(second.slice(2));
    if (subresource === 'status') return top === 'f:status';
    return !(statusIsSeparate && top === 'f:status');
  });
}

const KINDS_WITH_STATUS = new Set([
  'Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'Service', 'Node', 'Namespace', 'ResourceQuota', 'HorizontalPodAutoscaler',
]);
function kindHasStatusSubresource(kind: string): boolean {
  return KINDS_WITH_STATUS.has(kind);
}

export interface UpdateRecord {
  /** undefined for a create. */
  old: JsonObject | undefined;
  updated: JsonObject;
  manager: string;
  /** e.g. 'status' for writes through /status. */
  subresource?: string;
  now?: Date;
}

/**
 * Returns the managedFields for `updated` after an Update operation (create, update, or a
 * non-apply patch). Set the result on updated.metadata.managedFields.
 */
export function managedFieldsAfterUpdate(record: UpdateRecord): ManagedFieldsEntry[] {
  const { old, updated, manager, subresource } = record;
  const newSet = ownableFieldSet(updated, 'update', subresource);
  const everything = ownableFieldSet(updated, 'update');
  // A map or list item changes hands only when it appears; its leaves change hands when their value changes.
  const changed = newSet.filter((path) => {
    if (old === undefined) return true;
    const before = valueAt(old, path);
    if (before === undefined) return true;
    return !hasChildren(newSet, path) && !sameValue(before, valueAt(updated, path));
  });
  const entries = startingEntries(old, updated, subresource);
  const result: ManagedFieldsEntry[] = [];
  let mine: FieldSet = changed;
  const time = timestamp(record.now);
  for (const entry of entries) {
    const same = entry.manager === manager && entry.operation === 'Update' && (entry.subresource ?? '') === (subresource ?? '');
    const fields = FieldSet.fromFieldsV1(entry.fieldsV1).filter((path) => everything.has(path) || newSet.has(path));
    if (same) {
      mine = fields.union(changed);
      continue;
    }
    const kept = fields.minus(changed);
    if (!kept.isEmpty()) result.push({ ...entry, fieldsV1: kept.toFieldsV1() });
  }
  if (!mine.isEmpty()) {
    result.push({
      manager,
      operation: 'Update',
      apiVersion: String(updated.apiVersion ?? ''),
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: mine.toFieldsV1(),
      ...(subresource ? { subresource } : {}),
    });
  }
  return result;
}

/**
 * As kube-apiserver decides which entries an update starts from: writes through a subresource and
 * requests without (or with an empty list of) managedFields keep the stored ones, so clients that
 * do not know the field cannot drop it; a main-resource write that sends entries replaces them,
 * and a list of one empty entry clears them.
 */
function startingEntries(old: JsonObject | undefined, updated: JsonObject, subresource: string | undefined): ManagedFieldsEntry[] {
  const sent = isObject(updated.metadata) ? updated.metadata.managedFields : undefined;
  if (subresource || !Array.isArray(sent) || sent.length === 0) return readManagedFields(old);
  if (sent.every((entry) => isObject(entry) && Object.keys(entry).length === 0)) return [];
  return readManagedFields(updated).filter((entry) => typeof entry.manager === 'string' && isObject(entry.fieldsV1));
}

function hasChildren(set: FieldSet, path: string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const key of path) node = node?.children.get(key);
  return node !== undefined && [...node.children.values()].some((child) => !child.isEmpty());
}

export function timestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
