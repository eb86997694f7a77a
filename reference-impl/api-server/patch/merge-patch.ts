/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, everything else replaces. */
import { badRequest, isObject, parseJsonBody, type JsonObject } from './patch-error.js';

export function applyMergePatch(current: JsonObject, body: string): JsonObject {
  const patch = parseJsonBody(body);
  if (!isObject(patch)) throw badRequest('json: cannot unmarshal non-object into Go value of type map[string]interface {}');
  return mergeValue(current, patch) as JsonObject;
}

export function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeValue(result[key], value);
  }
  return result;
}
