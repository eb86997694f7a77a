import { modelForKind } from '../openapi/index.ts';
import { fieldOf, type FieldType } from '../openapi/model-schema.ts';
import type { ResourceInfo } from '../registry/types.ts';
import { apiVersionOf } from '../registry/types.ts';
import { badRequest } from '../status.ts';

/**
 * Refuses bodies Go's typed decoding would refuse (a string where an int32 goes, an object where
 * a list goes …) with 400, so controllers never read wrongly typed objects from the API.
 * Unknown fields are fieldValidation's business, not this check's.
 */
export function checkTypes(info: ResourceInfo, object: unknown): void {
  const model = modelForKind(apiVersionOf(info), info.kind);
  if (!model) return;
  const problem = typeProblem({ kind: 'model', model }, object, '', false);
  if (problem) {
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${problem.got} into Go struct field ${problem.path || info.kind} of type ${problem.want}`);
  }
}

interface Problem {
  path: string;
  got: string;
  want: string;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function typeProblem(type: FieldType, value: unknown, path: string, inMap: boolean): Problem | undefined {
  if (value === null || value === undefined) return undefined;
  const got = jsonType(value);
  switch (type.kind) {
    case 'any':
      return undefined;
    case 'scalar':
      switch (type.scalar) {
        case 'integer':
          return typeof value === 'number' && Number.isInteger(value) ? undefined : { path, got: got === 'number' ? 'number (not an integer)' : got, want: type.format ?? 'int64' };
        case 'number':
          return typeof value === 'number' ? undefined : { path, got, want: 'float64' };
        case 'boolean':
          return typeof value === 'boolean' ? undefined : { path, got, want: 'bool' };
        case 'int-or-string':
          return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? undefined : { path, got, want: 'intstr.IntOrString' };
        default:
          // Map values of string type include resource quantities, which also decode from numbers.
          return typeof value === 'string' || (inMap && typeof value === 'number') ? undefined : { path, got, want: 'string' };
      }
    case 'model': {
      if (got !== 'object') return { path, got, want: type.model };
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        const field = fieldOf(type.model, key);
        if (!field) continue;
        const problem = typeProblem(field.type, entry, join(path, key), false);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'map': {
      if (got !== 'object') return { path, got, want: 'map' };
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        const problem = typeProblem(type.value, entry, join(path, key), true);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'list': {
      if (got !== 'array') return { path, got, want: 'array' };
      for (const [index, entry] of (value as unknown[]).entries()) {
        const problem = typeProblem(type.item, entry, `${path}[${index}]`, false);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

/**
 * Drops the fields the schema does not know, in place, as Go's typed decoding does when
 * fieldValidation is Warn or Ignore: unknown fields are never stored.
 */
export function pruneUnknownFields(info: ResourceInfo, object: unknown): void {
  const model = modelForKind(apiVersionOf(info), info.kind);
  if (model) prune({ kind: 'model', model }, object);
}

function prune(type: FieldType, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (type.kind === 'model' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = fieldOf(type.model, key);
      if (!field) delete record[key];
      else prune(field.type, record[key]);
    }
  } else if (type.kind === 'map' && !Array.isArray(value)) {
    for (const entry of Object.values(value as Record<string, unknown>)) prune(type.value, entry);
  } else if (type.kind === 'list' && Array.isArray(value)) {
    for (const entry of value) prune(type.item, entry);
  }
}
