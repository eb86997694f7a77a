/**
 * OpenAPI v3 documents per group-version, shaped like kube-apiserver's: REST paths whose
 * operations carry x-kubernetes-group-version-kind and x-kubernetes-action (kubectl finds a
 * resource's schema and its PATCH parameters through them; the fieldValidation parameter on
 * PATCH is what tells kubectl 1.27+ to leave field validation to the server), and component
 * schemas for every model the group-version's kinds reach.
 */
import { SERVED_KINDS, type ServedKind } from './model-schema.js';
import { closure, definitionName, modelSchema, SHARED_COMPONENTS, type Schema } from './schemas.js';

export const KUBERNETES_VERSION = 'v1.33.0';

/** 'api/v1' or 'apis/apps/v1' for every group-version served. */
export function groupVersionPaths(): string[] {
  const paths = new Set<string>();
  for (const kind of SERVED_KINDS) paths.add(pathOf(kind));
  return [...paths];
}

function pathOf(kind: Pick<ServedKind, 'group' | 'version'>): string {
  return kind.group ? `apis/${kind.group}/${kind.version}` : `api/${kind.version}`;
}

const queryParameter = (name: string, description: string, type = 'string'): Schema => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const DRY_RUN = queryParameter('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = queryParameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = queryParameter(
  'fieldValidation',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict (the default).',
);
const FORCE = queryParameter('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const PRETTY = queryParameter('pretty', "If 'true', then the output is pretty printed.");
const LIST_PARAMETERS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'].map(
  (name) => queryParameter(name, `${name} list option`, ['limit', 'timeoutSeconds'].includes(name) ? 'integer' : ['allowWatchBookmarks', 'sendInitialEvents', 'watch'].includes(name) ? 'boolean' : 'string'),
);
const pathParameter = (name: string, description: string): Schema => ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

interface OperationTarget {
  group: string;
  version: string;
  kind: string;
  definition: string;
}

function content(definition: string, types = ['application/json', 'application/yaml']): Schema {
  return Object.fromEntries(types.map((type) => [type, { schema: { $ref: `#/components/schemas/${definition}` } }]));
}

function operation(action: string, verb: string, target: OperationTarget, summary: string, extra: Schema = {}): Schema {
  const operationId = `${verb}${target.kind}`;
  return {
    tags: [target.group ? `${target.group.split('.')[0]}_${target.version}` : `core_${target.version}`],
    description: summary,
    operationId,
    responses: { '200': { description: 'OK', content: content(extra.responseDefinition as string ?? target.definition) }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: target.group, kind: target.kind, version: target.version },
    ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'responseDefinition')),
  };
}

function itemOperations(target: OperationTarget, noun: string, withDelete: boolean): Schema {
  const body = { content: content(target.definition, ['*/*']), required: true };
  const ops: Schema = {
    get: operation('get', 'read', target, `read the specified ${noun}`),
    put: operation('put', 'replace', target, `replace the specified ${noun}`, { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], requestBody: body }),
    patch: operation('patch', 'patch', target, `partially update the specified ${noun}`, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      requestBody: { content: Object.fromEntries(PATCH_TYPES.map((type) => [type, { schema: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } }])), required: true },
    }),
  };
  if (withDelete) {
    ops.delete = operation('delete', 'delete', target, `delete ${noun}`, {
      parameters: [DRY_RUN, queryParameter('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), queryParameter('propagationPolicy', 'Whether and how garbage collection will be performed.')],
      requestBody: { content: content('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', ['*/*']) },
      responseDefinition: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    });
  }
  return ops;
}

function pathsFor(kind: ServedKind): Record<string, Schema> {
  const base = `/${pathOf(kind)}`;
  const noun = kind.kind;
  const target: OperationTarget = { group: kind.group, version: kind.version, kind: kind.kind, definition: definitionName(kind.model) };
  const listTarget = { ...target, definition: definitionName(`${kind.model}List`) };
  const namespace = pathParameter('namespace', 'object name and auth scope, such as for teams and projects');
  const name = pathParameter('name', `name of the ${noun}`);
  const collection = kind.namespaced ? `${base}/namespaces/{namespace}/${kind.resource}` : `${base}/${kind.resource}`;
  const scope = kind.namespaced ? [namespace] : [];
  const paths: Record<string, Schema> = {
    [collection]: {
      get: operation('list', 'list', listTarget, `list or watch objects of kind ${noun}`, { parameters: LIST_PARAMETERS, responseDefinition: listTarget.definition }),
      post: operation('post', 'create', target, `create a ${noun}`, {
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
        requestBody: { content: content(target.definition, ['*/*']), required: true },
      }),
      delete: operation('deletecollection', 'deleteCollection', target, `delete collection of ${noun}`, {
        parameters: [DRY_RUN, ...LIST_PARAMETERS],
        responseDefinition: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
      }),
      parameters: [...scope, PRETTY],
    },
    [`${collection}/{name}`]: { ...itemOperations(target, noun, true), parameters: [name, ...scope, PRETTY] },
  };
  if (kind.namespaced) {
    paths[`${base}/${kind.resource}`] = {
      get: operation('list', 'list', listTarget, `list or watch objects of kind ${noun}`, { parameters: LIST_PARAMETERS, responseDefinition: listTarget.definition }),
      parameters: [PRETTY],
    };
  }
  if (kind.subresources.includes('status')) {
    paths[`${collection}/{name}/status`] = { ...itemOperations(target, `status of the specified ${noun}`, false), parameters: [name, ...scope, PRETTY] };
  }
  if (kind.subresources.includes('scale')) {
    const scale = { group: 'autoscaling', version: 'v1', kind: 'Scale', definition: definitionName('V1Scale') };
    paths[`${collection}/{name}/scale`] = { ...itemOperations(scale, `scale of the specified ${noun}`, false), parameters: [name, ...scope, PRETTY] };
  }
  return paths;
}

/** The document for 'api/v1', 'apis/apps/v1' …; undefined for a group-version not served. */
export function buildGroupVersionDocument(groupVersionPath: string): Schema | undefined {
  const kinds = SERVED_KINDS.filter((kind) => pathOf(kind) === groupVersionPath);
  if (kinds.length === 0) return undefined;
  const paths: Record<string, Schema> = {};
  for (const kind of kinds) Object.assign(paths, pathsFor(kind));
  const roots = kinds.flatMap((kind) => [kind.model, `${kind.model}List`]);
  roots.push('V1DeleteOptions', 'V1Status');
  if (kinds.some((kind) => kind.subresources.includes('scale'))) roots.push('V1Scale');
  const gvkOf = new Map<string, Array<{ group: string; version: string; kind: string }>>();
  for (const kind of kinds) {
    gvkOf.set(kind.model, [{ group: kind.group, kind: kind.kind, version: kind.version }]);
    gvkOf.set(`${kind.model}List`, [{ group: kind.group, kind: `${kind.kind}List`, version: kind.version }]);
  }
  gvkOf.set('V1Scale', [{ group: 'autoscaling', kind: 'Scale', version: 'v1' }]);
  gvkOf.set('V1Status', [{ group: '', kind: 'Status', version: 'v1' }]);
  const schemas: Record<string, Schema> = { ...SHARED_COMPONENTS };
  for (const model of closure(roots)) schemas[definitionName(model)] = modelSchema(model, gvkOf.get(model));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}
