/** RFC 6902 JSON patch, as kube-apiserver applies it: undecodable → 400, failed op → 422. */
import fastJsonPatch from 'fast-json-patch';
import { badRequest, parseJsonBody, unprocessable, isObject, type JsonObject } from './patch-error.js';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export function applyJsonPatch(current: JsonObject, body: string): JsonObject {
  const operations = parseJsonBody(body);
  if (!Array.isArray(operations)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== 'string' || !OPS.has(operation.op)) {
      throw unprocessable(`Unexpected kind: ${isObject(operation) ? String(operation.op) : 'unknown'}`);
    }
    if (typeof operation.path !== 'string') {
      throw unprocessable(`add operation does not apply: doc is missing path: ${String(operation.path)}`);
    }
  }
  try {
    const result = fastJsonPatch.applyPatch(
      structuredClone(current),
      operations as fastJsonPatch.Operation[],
      true,
      true,
    ).newDocument as unknown;
    if (!isObject(result)) throw unprocessable('the patched document is not an object');
    return result;
  } catch (error) {
    if (error instanceof Error && error.name === 'PatchError') throw error;
    throw unprocessable(describeJsonPatchError(error));
  }
}

function describeJsonPatchError(error: unknown): string {
  const patchError = error as { name?: string; operation?: { op?: string; path?: string }; message?: string };
  const op = patchError.operation?.op ?? 'patch';
  const path = patchError.operation?.path ?? '';
  switch (patchError.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op} operation does not apply: doc is missing path: "${path}": missing value`;
    default:
      return (patchError.message ?? String(error)).split('\n')[0]!;
  }
}
