/**
 * OpenAPI schema components generated from the model schema: upstream definition names
 * (io.k8s.api.apps.v1.DeploymentSpec …), descriptions, required fields, the
 * x-kubernetes-group-version-kind of top-level kinds, and the patch/list extensions that
 * strategic merge patch and server-side apply clients read.
 */
import { docsFor } from './descriptions.js';
import { modelNamed, SERVED_KINDS, type FieldType, type ModelField } from './model-schema.js';
import { isAtomicStruct } from './patch-metadata.js';

export type Schema = Record<string, unknown>;

const META_MODELS = new Set([
  'V1ObjectMeta', 'V1ListMeta', 'V1LabelSelector', 'V1LabelSelectorRequirement', 'V1OwnerReference', 'V1ManagedFieldsEntry',
  'V1Status', 'V1StatusDetails', 'V1StatusCause', 'V1DeleteOptions', 'V1Preconditions', 'V1WatchEvent', 'V1Condition',
  'V1MicroTime', 'V1Time', 'V1Patch',
]);

const PACKAGE_OF_GROUP: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  'discovery.k8s.io': 'discovery',
  'events.k8s.io': 'events',
  autoscaling: 'autoscaling',
  'coordination.k8s.io': 'coordination',
};

const PREFIXED_PACKAGES: Record<string, string> = { CoreV1: 'core', EventsV1: 'events', DiscoveryV1: 'discovery', StorageV1: 'storage' };

/** Package of every model reachable from a served kind: meta first, then core, then the rest. */
const packageOf = new Map<string, string>();
for (const group of Object.keys(PACKAGE_OF_GROUP)) {
  const roots = SERVED_KINDS.filter((kind) => kind.group === group).flatMap((kind) => [kind.model, `${kind.model}List`]);
  if (group === 'autoscaling') roots.push('V1Scale');
  for (const model of closure(roots)) if (!packageOf.has(model)) packageOf.set(model, PACKAGE_OF_GROUP[group]!);
}

export function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (type: FieldType) => {
    if (type.kind === 'model') walk(type.model);
    else if (type.kind === 'list') visit(type.item);
    else if (type.kind === 'map') visit(type.value);
  };
  const walk = (name: string) => {
    if (seen.has(name)) return;
    const model = modelNamed(name);
    if (!model) return;
    seen.add(name);
    for (const field of model.fields.values()) visit(field.type);
  };
  roots.forEach(walk);
  return seen;
}

/** Upstream's definition name for a client-node model name. */
export function definitionName(model: string): string {
  for (const [prefix, pkg] of Object.entries(PREFIXED_PACKAGES)) {
    if (model.startsWith(prefix)) return `io.k8s.api.${pkg}.v1.${model.slice(prefix.length)}`;
  }
  const match = /^(V\d+(?:alpha\d+|beta\d+)?)(.+)$/.exec(model);
  const version = match ? match[1]!.toLowerCase() : 'v1';
  const short = match ? match[2]! : model;
  if (META_MODELS.has(model)) return `io.k8s.apimachinery.pkg.apis.meta.v1.${short}`;
  if (model === 'V1Scale' || model === 'V1ScaleSpec' || model === 'V1ScaleStatus') return `io.k8s.api.autoscaling.v1.${short}`;
  return `io.k8s.api.${packageOf.get(model) ?? 'core'}.${version}.${short}`;
}

const ref = (name: string) => `#/components/schemas/${name}`;

export const SHARED_COMPONENTS: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': {
    description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  // Neither carries a plain `type` in v3, so kubectl explain names them <IntOrString> and <Quantity>.
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description: 'Quantity is a fixed-point representation of a number, serialized as a string such as "100m", "1Gi" or "2".',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
};

function typeSchema(type: FieldType): Schema {
  switch (type.kind) {
    case 'model':
      return { $ref: ref(definitionName(type.model)) };
    case 'list':
      return { type: 'array', items: withDefault(typeSchema(type.item)) };
    case 'map':
      return { type: 'object', additionalProperties: withDefault(typeSchema(type.value)) };
    case 'any':
      return { type: 'object' };
    case 'scalar':
      switch (type.scalar) {
        case 'date-time':
          return { $ref: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time') };
        case 'int-or-string':
          return { $ref: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString') };
        case 'integer':
          return { type: 'integer', format: type.format ?? 'int32' };
        case 'number':
          return { type: 'number', format: type.format ?? 'double' };
        default:
          return { type: type.scalar, ...(type.format ? { format: type.format } : {}) };
      }
  }
}

/** Upstream v3 wraps references that carry siblings in allOf and gives objects a default {}. */
function withDefault(schema: Schema): Schema {
  return schema.$ref ? { allOf: [schema], default: {} } : schema;
}

/** Maps of resource quantities, which client-node types as plain strings. */
const QUANTITY_MAPS: Record<string, string[]> = {
  V1ResourceRequirements: ['limits', 'requests'],
  V1ResourceQuotaSpec: ['hard'],
  V1ResourceQuotaStatus: ['hard', 'used'],
  V1LimitRangeItem: ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'],
  V1NodeStatus: ['capacity', 'allocatable'],
  V1PodSpec: ['overhead'],
};

function propertySchema(model: string, field: ModelField, description: string | undefined): Schema {
  const base = QUANTITY_MAPS[model]?.includes(field.name)
    ? { type: 'object', additionalProperties: { $ref: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') } }
    : typeSchema(field.type);
  const schema: Schema = base.$ref ? { allOf: [base] } : { ...base };
  if (base.$ref && field.type.kind === 'model') schema.default = {};
  if (description) schema.description = description;
  const { patch } = field;
  if (field.type.kind === 'list') {
    if (patch.listType) schema['x-kubernetes-list-type'] = patch.listType;
    else schema['x-kubernetes-list-type'] = 'atomic';
    if (patch.listMapKeys) schema['x-kubernetes-list-map-keys'] = patch.listMapKeys;
  }
  if (patch.mergeKey) schema['x-kubernetes-patch-merge-key'] = patch.mergeKey;
  if (patch.strategy) schema['x-kubernetes-patch-strategy'] = patch.strategy;
  if (patch.mapType) schema['x-kubernetes-map-type'] = patch.mapType;
  return schema;
}

export function modelSchema(model: string, groupVersionKinds: Array<{ group: string; version: string; kind: string }> = []): Schema {
  const definition = modelNamed(model);
  const docs = docsFor(model);
  const properties: Record<string, Schema> = {};
  for (const field of definition?.fields.values() ?? []) properties[field.name] = propertySchema(model, field, docs.fields.get(field.name));
  const schema: Schema = { type: 'object', properties };
  if (docs.description) schema.description = docs.description;
  const required = docs.required.filter((name) => name in properties);
  if (required.length > 0) schema.required = required;
  if (isAtomicStruct(model)) schema['x-kubernetes-map-type'] = 'atomic';
  if (groupVersionKinds.length > 0) schema['x-kubernetes-group-version-kind'] = groupVersionKinds;
  return schema;
}
