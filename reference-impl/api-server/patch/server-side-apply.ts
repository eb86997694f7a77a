/**
 * Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the
 * live object by the schema's list and map semantics; the manager's Apply entry in
 * managedFields becomes exactly the applied field set; fields it applied before and no longer
 * applies are removed unless another manager owns them; changing a value another manager owns is
 * a 409 conflict naming manager and field, unless force takes the field over.
 */
import { parse as parseYaml } from 'yaml';
import { fieldOf, modelForKind, type FieldType } from '../openapi/model-schema.js';
import { isAtomicStruct, type PatchMetadata } from '../openapi/patch-metadata.js';
import { FieldSet, pathToString, valueAt } from './field-set.js';
import { ownableFieldSet, readManagedFields, timestamp, type ManagedFieldsEntry } from './managed-fields.js';
import { PatchError, badRequest, isObject, type JsonObject } from './patch-error.js';
import { sameValue } from './strategic-merge.js';

export interface ApplyRequest {
  /** The live object; undefined when apply creates it. */
  current: JsonObject | undefined;
  body: string;
  manager: string | undefined;
  force: boolean;
  subresource?: string;
  now?: Date;
}

export function serverSideApply(request: ApplyRequest): JsonObject {
  const manager = request.manager ?? '';
  if (manager === '') {
    throw new PatchError(422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', [
      { reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' },
    ]);
  }
  const config = parseConfig(request.body);
  const live = structuredClone(request.current ?? {});
  if (request.current) checkIdentity(config, request.current);
  const model = modelForKind(String(config.apiVersion), String(config.kind));
  const configSet = ownableFieldSet(config, 'apply', request.subresource);

  const entries = readManagedFields(request.current);
  const isMine = (entry: ManagedFieldsEntry) =>
    entry.manager === manager && entry.operation === 'Apply' && (entry.subresource ?? '') === (request.subresource ?? '');
  const previous = FieldSet.fromFieldsV1(entries.find(isMine)?.fieldsV1);
  const others = entries.filter((entry) => !isMine(entry)).map((entry) => ({ entry, set: FieldSet.fromFieldsV1(entry.fieldsV1) }));

  const merged = mergeApplied(live, config, model ? { kind: 'model', model } : undefined, {}) as JsonObject;
  const changed = configSet.filter((path) => isLeafIn(configSet, path) && !sameValue(valueAt(live, path), valueAt(merged, path)));

  const conflicts = others.flatMap(({ entry, set }) =>
    changed.paths().filter((path) => set.has(path)).map((path) => ({ entry, path })),
  );
  if (conflicts.length > 0 && !request.force) throw conflictError(conflicts);

  for (const path of previous.minus(configSet).paths().sort((a, b) => a.length - b.length)) {
    if (!others.some(({ set }) => set.touches(path))) removeAt(merged, path);
  }

  const result: ManagedFieldsEntry[] = [];
  for (const { entry, set } of others) {
    const kept = request.force ? set.minus(changed) : set;
    if (!kept.isEmpty()) result.push({ ...entry, fieldsV1: kept.toFieldsV1() });
  }
  result.unshift({
    manager,
    operation: 'Apply',
    apiVersion: String(config.apiVersion),
    time: timestamp(request.now),
    fieldsType: 'FieldsV1',
    fieldsV1: configSet.toFieldsV1(),
    ...(request.subresource ? { subresource: request.subresource } : {}),
  });
  const metadata = isObject(merged.metadata) ? merged.metadata : {};
  merged.metadata = { ...metadata, managedFields: result };
  return merged;
}

function parseConfig(body: string): JsonObject {
  let config: unknown;
  try {
    config = parseYaml(body, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(config)) throw badRequest('the apply configuration must be an object');
  if (typeof config.apiVersion !== 'string' || config.apiVersion === '') throw badRequest('Object \'apiVersion\' is missing in the apply configuration');
  if (typeof config.kind !== 'string' || config.kind === '') throw badRequest('Object \'Kind\' is missing in the apply configuration');
  if (isObject(config.metadata) && config.metadata.managedFields !== undefined) {
    throw badRequest('metadata.managedFields must be nil');
  }
  return config;
}

function checkIdentity(config: JsonObject, current: JsonObject): void {
  if (config.kind !== current.kind) {
    throw badRequest(`the kind of the apply configuration (${String(config.kind)}) does not match the object (${String(current.kind)})`);
  }
  const name = isObject(config.metadata) ? config.metadata.name : undefined;
  const liveName = isObject(current.metadata) ? current.metadata.name : undefined;
  if (name !== undefined && name !== liveName) {
    throw badRequest(`the name of the object (${String(name)}) does not match the name on the URL (${String(liveName)})`);
  }
}

function isLeafIn(set: FieldSet, path: string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const key of path) node = node?.children.get(key);
  return node !== undefined && [...node.children.values()].every((child) => child.isEmpty());
}

function conflictError(conflicts: Array<{ entry: ManagedFieldsEntry; path: string[] }>): PatchError {
  const describe = (entry: ManagedFieldsEntry) => {
    let text = JSON.stringify(entry.manager);
    if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
    if (entry.operation === 'Update') text += ` using ${entry.apiVersion}` + (entry.time ? ` at ${entry.time}` : '');
    return text;
  };
  const causes = conflicts.map(({ entry, path }) => ({
    reason: 'FieldManagerConflict',
    field: pathToString(path),
    message: `conflict with ${describe(entry)}`,
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describe(conflicts[0]!.entry)}: ${pathToString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const { entry, path } of conflicts) {
      const key = describe(entry);
      byManager.set(key, [...(byManager.get(key) ?? []), pathToString(path)]);
    }
    const lines = [...byManager.keys()].sort().flatMap((key) => [`conflicts with ${key}:`, ...byManager.get(key)!.map((path) => `- ${path}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new PatchError(409, message, causes);
}

function mergeApplied(live: unknown, config: unknown, type: FieldType | undefined, meta: PatchMetadata): unknown {
  if (Array.isArray(config)) return mergeList(Array.isArray(live) ? live : [], config, type?.kind === 'list' ? type.item : undefined, meta);
  if (!isObject(config)) return config;
  const atomic = meta.mapType === 'atomic' || (type?.kind === 'model' && isAtomicStruct(type.model));
  if (atomic || !isObject(live)) return structuredClone(config);
  const result: JsonObject = { ...live };
  for (const [key, value] of Object.entries(config)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    const field = type?.kind === 'model' ? fieldOf(type.model, key) : undefined;
    const childType = type?.kind === 'map' ? type.value : field?.type;
    result[key] = mergeApplied(result[key], value, childType, field?.patch ?? {});
  }
  return result;
}

function mergeList(live: unknown[], config: unknown[], itemType: FieldType | undefined, meta: PatchMetadata): unknown[] {
  if (meta.listType === 'set') {
    const result = [...live];
    for (const item of config) if (!result.some((existing) => sameValue(existing, item))) result.push(item);
    return result;
  }
  if (meta.listType !== 'map' || !meta.listMapKeys) return structuredClone(config);
  const keys = meta.listMapKeys;
  const matches = (a: unknown, b: unknown) =>
    isObject(a) && isObject(b) && keys.every((key) => b[key] === undefined || sameValue(a[key], b[key]));
  const result = [...live];
  for (const item of config) {
    const index = result.findIndex((existing) => matches(existing, item));
    if (index >= 0) result[index] = mergeApplied(result[index], item, itemType, {});
    else result.push(structuredClone(item));
  }
  return result;
}

function removeAt(object: JsonObject, path: string[]): void {
  const parent = valueAt(object, path.slice(0, -1));
  const last = path[path.length - 1]!;
  const body = last.slice(2);
  if (last.startsWith('f:')) {
    if (isObject(parent)) delete parent[body];
    return;
  }
  if (!Array.isArray(parent)) return;
  const target = valueAt(object, path);
  const index = parent.indexOf(target);
  if (index >= 0) parent.splice(index, 1);
}
