/**
 * Strategic merge patch (application/strategic-merge-patch+json) with upstream semantics:
 * lists tagged patchStrategy=merge merge by their merge key (or as sets for primitives), other
 * lists are replaced; directives $patch (replace/delete/merge), $retainKeys,
 * $setElementOrder/<field> and $deleteFromPrimitiveList/<field> are honoured. Merge keys come from
 * the shared model schema (openapi/model-schema.ts).
 */
import { fieldOf, type FieldType } from '../openapi/model-schema.js';
import { PatchError, badRequest, isObject, parseJsonBody, type JsonObject } from './patch-error.js';

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/** model: the client-node model name of the patched object (V1Deployment …), undefined if unknown. */
export function applyStrategicMergePatch(current: JsonObject, body: string, model: string | undefined): JsonObject {
  const patch = parseJsonBody(body);
  if (!isObject(patch)) throw badRequest('json: cannot unmarshal non-object into Go value of type map[string]interface {}');
  const merged = mergeMap(current, patch, model);
  if (merged === undefined) throw new PatchError(422, 'the patch deletes the whole object');
  return merged;
}

/** Returns undefined when the patch deletes the map ($patch: delete). */
export function mergeMap(original: JsonObject, patch: JsonObject, model: string | undefined): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return mergeMap({}, withoutKey(patch, '$patch'), model);
  if (directive !== undefined && directive !== 'merge') {
    throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const result: JsonObject = { ...original };
  const retainKeys = patch.$retainKeys;
  if (retainKeys !== undefined) applyRetainKeys(result, patch, retainKeys);

  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM)) {
      const field = key.slice(DELETE_FROM.length);
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      if (Array.isArray(result[field])) {
        result[field] = (result[field] as unknown[]).filter((item) => !value.some((gone) => sameValue(gone, item)));
      }
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM)) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const field = model ? fieldOf(model, key) : undefined;
    const merged = mergeField(result[key], value, field?.type, field?.patch.strategy, field?.patch.mergeKey, patch[SET_ORDER + key]);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const field = key.slice(SET_ORDER.length);
    if (!Array.isArray(order)) throw badRequest(`${key} must be a list`);
    if (!(field in patch) && Array.isArray(result[field])) {
      const meta = model ? fieldOf(model, field)?.patch : undefined;
      result[field] = orderBy(result[field] as unknown[], [], order, meta?.mergeKey);
    }
  }
  return result;
}

function mergeField(
  original: unknown,
  patch: unknown,
  type: FieldType | undefined,
  strategy: string | undefined,
  mergeKey: string | undefined,
  elementOrder: unknown,
): unknown {
  if (isObject(patch)) {
    const childModel = type?.kind === 'model' ? type.model : undefined;
    if (type?.kind === 'map') return mergeMapOfValues(isObject(original) ? original : {}, patch, type.value);
    return mergeMap(isObject(original) ? original : {}, patch, childModel);
  }
  if (Array.isArray(patch)) {
    const itemModel = type?.kind === 'list' && type.item.kind === 'model' ? type.item.model : undefined;
    if (strategy?.includes('merge') && strategy !== 'retainKeys') {
      return mergeList(Array.isArray(original) ? original : [], patch, mergeKey, itemModel, elementOrder);
    }
    return replaceList(patch, itemModel);
  }
  return patch;
}

/** A map[string]T field (labels, resources.limits …): keys merge, values follow T's rules. */
function mergeMapOfValues(original: JsonObject, patch: JsonObject, valueType: FieldType): JsonObject | undefined {
  if (patch.$patch === 'replace') return withoutKey(patch, '$patch');
  if (patch.$patch === 'delete') return undefined;
  const result: JsonObject = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (value === null) delete result[key];
    else result[key] = mergeField(result[key], value, valueType, undefined, undefined, undefined);
  }
  return result;
}

function replaceList(patch: unknown[], itemModel: string | undefined): unknown[] {
  return patch
    .filter((item) => !(isObject(item) && isOnlyDirective(item)))
    .map((item) => (isObject(item) ? mergeMap({}, item, itemModel) ?? {} : item));
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  mergeKey: string | undefined,
  itemModel: string | undefined,
  elementOrder: unknown,
): unknown[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace' && isOnlyDirective(item))) {
    return replaceList(patch, itemModel);
  }
  const order = Array.isArray(elementOrder) ? elementOrder : [];
  const patchItems = patch.filter((item) => !(isObject(item) && isOnlyDirective(item)));
  if (!mergeKey || !patchItems.every(isObject)) {
    const merged = [...original];
    for (const item of patchItems) if (!merged.some((existing) => sameValue(existing, item))) merged.push(item);
    return orderBy(merged, patchItems, order, undefined);
  }
  let merged = [...original];
  const touched: unknown[] = [];
  for (const item of patchItems as JsonObject[]) {
    if (!(mergeKey in item)) {
      throw new PatchError(422, `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const key = item[mergeKey];
    const index = merged.findIndex((existing) => isObject(existing) && sameValue(existing[mergeKey], key));
    if (item.$patch === 'delete') {
      merged = merged.filter((existing) => !(isObject(existing) && sameValue(existing[mergeKey], key)));
      continue;
    }
    const result = mergeMap(index >= 0 && isObject(merged[index]) ? (merged[index] as JsonObject) : {}, item, itemModel);
    if (result === undefined) continue;
    if (index >= 0) merged[index] = result;
    else merged.push(result);
    touched.push({ [mergeKey]: key });
  }
  return orderBy(merged, touched, order, mergeKey);
}

/**
 * Upstream's element order: items named in the patch come first in patch order, then the items
 * only the server had; $setElementOrder, when given, interleaves both by its order.
 */
function orderBy(merged: unknown[], patchItems: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const identity = (item: unknown): unknown => (mergeKey && isObject(item) ? item[mergeKey] : item);
  const indexIn = (list: unknown[], item: unknown): number => list.findIndex((entry) => sameValue(identity(entry), identity(item)));
  const fromPatch = merged.filter((item) => indexIn(patchItems, item) >= 0);
  const serverOnly = merged.filter((item) => indexIn(patchItems, item) < 0);
  const byOrder = (list: unknown[], reference: unknown[]) =>
    list
      .map((item, position) => ({ item, position, rank: indexIn(reference, item) }))
      .sort((a, b) => (a.rank >= 0 && b.rank >= 0 ? a.rank - b.rank : a.position - b.position))
      .map((entry) => entry.item);
  const left = byOrder(serverOnly, order);
  const right = byOrder(fromPatch, patchItems);
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++]);
    else if (j >= right.length) result.push(left[i++]);
    else {
      const li = indexIn(order, left[i]);
      const ri = indexIn(order, right[j]);
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++]);
      else result.push(right[j++]);
    }
  }
  return result;
}

function applyRetainKeys(result: JsonObject, patch: JsonObject, retainKeys: unknown): void {
  if (!Array.isArray(retainKeys) || !retainKeys.every((key) => typeof key === 'string')) {
    throw badRequest('$retainKeys must be a list of strings');
  }
  for (const [key, value] of Object.entries(patch)) {
    // Directives and deletions (null) may name keys outside the list.
    if (key.startsWith('$') || value === null) continue;
    if (!retainKeys.includes(key)) {
      throw new PatchError(422, `The content of the patch does not match the retainKeys list: ${key}`, [
        { reason: 'FieldValueInvalid', field: '$retainKeys', message: `key ${key} is not in $retainKeys` },
      ]);
    }
  }
  for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
}

function isOnlyDirective(item: JsonObject): boolean {
  return Object.keys(item).length === 1 && '$patch' in item;
}

function withoutKey(object: JsonObject, key: string): JsonObject {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
