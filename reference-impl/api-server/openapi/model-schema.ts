/**
 * The one schema source of the API server: field names and types come from
 * @kubernetes/client-node's generated model classes (their static attributeTypeMap mirrors the
 * upstream OpenAPI definitions), patch metadata from patch-metadata.ts. Strategic merge patch,
 * server-side apply, strict field validation and the OpenAPI documents all read it.
 */
import * as clientNode from '@kubernetes/client-node';
import { patchMetadataFor, type PatchMetadata } from './patch-metadata.js';

export type FieldType =
  | { kind: 'scalar'; scalar: 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'int-or-string'; format?: string }
  | { kind: 'model'; model: string }
  | { kind: 'map'; value: FieldType }
  | { kind: 'list'; item: FieldType }
  /** Free-form JSON (runtime.RawExtension, JSON schema props …): no checks below this point. */
  | { kind: 'any' };

export interface ModelField {
  /** The JSON name. */
  name: string;
  type: FieldType;
  patch: PatchMetadata;
}

export interface Model {
  name: string;
  fields: ReadonlyMap<string, ModelField>;
}

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

type ModelClass = { attributeTypeMap: AttributeType[] };

const classes = new Map<string, ModelClass>();
for (const [name, value] of Object.entries(clientNode)) {
  const candidate = value as unknown as Partial<ModelClass> | undefined;
  if (typeof value === 'function' && Array.isArray(candidate?.attributeTypeMap)) {
    classes.set(name, value as unknown as ModelClass);
  }
}

const models = new Map<string, Model>();

/** The model named as client-node names it (V1Deployment, CoreV1Event …), or undefined. */
export function modelNamed(name: string): Model | undefined {
  const cached = models.get(name);
  if (cached) return cached;
  const modelClass = classes.get(name);
  if (!modelClass) return undefined;
  const fields = new Map<string, ModelField>();
  for (const attribute of modelClass.attributeTypeMap) {
    fields.set(attribute.baseName, {
      name: attribute.baseName,
      type: parseType(attribute.type, attribute.format),
      patch: patchMetadataFor(name, attribute.baseName),
    });
  }
  const model = { name, fields };
  models.set(name, model);
  return model;
}

export function allModelNames(): string[] {
  return [...classes.keys()];
}

function parseType(type: string, format: string): FieldType {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return { kind: 'list', item: parseType(list[1]!, '') };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { kind: 'map', value: parseType(map[1]!, '') };
  switch (type) {
    case 'string':
      return format === 'int-or-string' ? { kind: 'scalar', scalar: 'int-or-string' } : { kind: 'scalar', scalar: 'string', ...(format ? { format } : {}) };
    case 'number':
      return format.startsWith('int')
        ? { kind: 'scalar', scalar: 'integer', format }
        : { kind: 'scalar', scalar: 'number', ...(format ? { format } : {}) };
    case 'boolean':
      return { kind: 'scalar', scalar: 'boolean' };
    case 'Date':
      return { kind: 'scalar', scalar: 'date-time', format: format || 'date-time' };
    case 'IntOrString':
      return { kind: 'scalar', scalar: 'int-or-string' };
    case 'any':
    case 'object':
      return { kind: 'any' };
    default:
      return classes.has(type) ? { kind: 'model', model: type } : { kind: 'any' };
  }
}

/** The type of a field below a model, following one JSON key; undefined for unknown fields. */
export function fieldOf(model: string, field: string): ModelField | undefined {
  return modelNamed(model)?.fields.get(field);
}

/**
 * The kinds this API server serves, by apiVersion and kind, with the model that describes them.
 * Kept as data so the OpenAPI documents, the patch engines and validation agree on one list.
 */
export interface ServedKind {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name as in the URL. */
  resource: string;
  model: string;
  namespaced: boolean;
  subresources: Array<'status' | 'scale'>;
}

export const SERVED_KINDS: readonly ServedKind[] = [
  core('Namespace', 'namespaces', 'V1Namespace', false, ['status']),
  core('Pod', 'pods', 'V1Pod', true, ['status']),
  core('Service', 'services', 'V1Service', true, ['status']),
  core('Endpoints', 'endpoints', 'V1Endpoints', true, []),
  core('ConfigMap', 'configmaps', 'V1ConfigMap', true, []),
  core('Secret', 'secrets', 'V1Secret', true, []),
  core('ServiceAccount', 'serviceaccounts', 'V1ServiceAccount', true, []),
  core('Event', 'events', 'CoreV1Event', true, []),
  core('Node', 'nodes', 'V1Node', false, ['status']),
  core('ReplicationController', 'replicationcontrollers', 'V1ReplicationController', true, ['status', 'scale']),
  core('ResourceQuota', 'resourcequotas', 'V1ResourceQuota', true, ['status']),
  core('LimitRange', 'limitranges', 'V1LimitRange', true, []),
  core('PodTemplate', 'podtemplates', 'V1PodTemplate', true, []),
  kindOf('apps', 'v1', 'Deployment', 'deployments', 'V1Deployment', true, ['status', 'scale']),
  kindOf('apps', 'v1', 'ReplicaSet', 'replicasets', 'V1ReplicaSet', true, ['status', 'scale']),
  kindOf('apps', 'v1', 'ControllerRevision', 'controllerrevisions', 'V1ControllerRevision', true, []),
  kindOf('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', 'V1EndpointSlice', true, []),
  kindOf('events.k8s.io', 'v1', 'Event', 'events', 'EventsV1Event', true, []),
  kindOf('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'V1HorizontalPodAutoscaler', true, ['status']),
  kindOf('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'V2HorizontalPodAutoscaler', true, ['status']),
  kindOf('coordination.k8s.io', 'v1', 'Lease', 'leases', 'V1Lease', true, []),
];

/** Kinds that appear only inside other requests or subresources (Scale, DeleteOptions …). */
const AUXILIARY_KINDS: Record<string, string> = {
  'autoscaling/v1/Scale': 'V1Scale',
  'v1/DeleteOptions': 'V1DeleteOptions',
  'meta.k8s.io/v1/DeleteOptions': 'V1DeleteOptions',
  'v1/Status': 'V1Status',
  'v1/Binding': 'V1Binding',
  'policy/v1/Eviction': 'V1Eviction',
};

function core(kind: string, resource: string, model: string, namespaced: boolean, subresources: ServedKind['subresources']): ServedKind {
  return kindOf('', 'v1', kind, resource, model, namespaced, subresources);
}

function kindOf(
  group: string,
  version: string,
  kind: string,
  resource: string,
  model: string,
  namespaced: boolean,
  subresources: ServedKind['subresources'],
): ServedKind {
  return { group, version, kind, resource, model, namespaced, subresources };
}

export function apiVersionOf(served: Pick<ServedKind, 'group' | 'version'>): string {
  return served.group ? `${served.group}/${served.version}` : served.version;
}

/** The model for apiVersion + kind, also for list kinds (DeploymentList → V1DeploymentList). */
export function modelForKind(apiVersion: string, kind: string): string | undefined {
  const served = SERVED_KINDS.find((entry) => apiVersionOf(entry) === apiVersion && entry.kind === kind);
  if (served) return served.model;
  const auxiliary = AUXILIARY_KINDS[`${apiVersion}/${kind}`];
  if (auxiliary) return auxiliary;
  if (kind.endsWith('List')) {
    const item = modelForKind(apiVersion, kind.slice(0, -'List'.length));
    if (item && classes.has(`${item}List`)) return `${item}List`;
  }
  return undefined;
}

export function servedKindFor(group: string, resource: string, version?: string): ServedKind | undefined {
  return SERVED_KINDS.find(
    (entry) => entry.group === group && entry.resource === resource && (version === undefined || entry.version === version),
  );
}
