import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectHandler, ConnectTarget } from './connect/index.ts';
import { writeJson } from './http-io.ts';
import { negotiateObject, type ObjectRepresentation } from './negotiation.ts';
import { findResource, storageInfo } from './registry/resources.ts';
import { apiVersionOf, type KubeObject, type ResourceInfo } from './registry/types.ts';
import { parseObjectBody, readBody } from './request-body.ts';
import type { RequestInfo } from './request-info.ts';
import { verbFor } from './request-info.ts';
import type { ApiContext, ResourceRequest } from './rest/context.ts';
import { createObject } from './rest/create.ts';
import { checkFields } from './rest/field-validation.ts';
import { checkTypes, pruneUnknownFields } from './rest/type-check.ts';
import { decodeObject, toServed } from './rest/decode.ts';
import { deleteObject, isNotFound, parseDeleteOptions } from './rest/delete.ts';
import { patchObject } from './rest/patch.ts';
import { getObject, listObjects } from './rest/read.ts';
import { bindPod, evictPod, getScale, writeScale } from './rest/subresources.ts';
import { updateObject } from './rest/update.ts';
import { serveWatch } from './rest/watch.ts';
import { methodNotAllowed, notAcceptable, notFound, pathNotFound, serviceUnavailable, successStatus } from './status.ts';
import { parseIncludeObject, partialObjectMetadata, toTable } from './table/table.ts';

export interface ResourceHandlerOptions {
  ctx: ApiContext;
  connect?: ConnectHandler;
  maxBodyBytes: number;
  bookmarkIntervalMs: number;
}

type ResourcePath = Extract<RequestInfo, { kind: 'resource' }>;

/** How long the deletecollection-deferred fault waits before it deletes. */
const DEFERRED_DELETECOLLECTION_MS = 2000;

export const CONNECT_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

/** Resolves a resource path against the registry, or throws 404 like kube-apiserver. */
export function resolveResource(path: ResourcePath, query: URLSearchParams): ResourceRequest {
  const info = findResource(path.group, path.version, path.resource);
  if (!info) throw pathNotFound();
  // Empty or slash-carrying segments would address other keys of the store.
  for (const segment of [path.namespace, path.name]) if (segment !== undefined && (segment === '' || segment.includes('/'))) throw pathNotFound();
  if (path.subresource && (!path.name || !info.subresources.includes(path.subresource))) throw pathNotFound();
  if (info.namespaced && path.name && !path.namespace) throw pathNotFound();
  if (!info.namespaced && path.namespace) throw pathNotFound();
  return { info, namespace: path.namespace, name: path.name, subresource: path.subresource, query };
}

function representation(req: IncomingMessage, tabular: boolean): ObjectRepresentation {
  const chosen = negotiateObject(req.headers.accept, tabular);
  if (!chosen) throw notAcceptable(`only the following media types are accepted: application/json, application/yaml${tabular ? ', application/json;as=Table;v=v1;g=meta.k8s.io' : ''}`);
  return chosen;
}

function render(info: ResourceInfo, object: KubeObject, chosen: ObjectRepresentation, query: URLSearchParams, now: Date): unknown {
  if (chosen.kind === 'table') {
    return toTable(info.kind, [object], { resourceVersion: object.metadata?.resourceVersion }, { version: chosen.version, include: parseIncludeObject(query.get('includeObject')), now });
  }
  if (chosen.kind === 'partialMetadata') return partialObjectMetadata(object, chosen.version);
  return object;
}

export async function handleResource(options: ResourceHandlerOptions, path: ResourcePath, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const { ctx } = options;
  const request: ResourceRequest = { ...resolveResource(path, query), userAgent: req.headers['user-agent'] };
  const { info } = request;
  const method = req.method ?? 'GET';
  if (request.subresource && CONNECT_SUBRESOURCES.has(request.subresource)) {
    return connect(options, request, path.rest, req, res);
  }
  const body = async () => readBody(req, options.maxBodyBytes);
  const objectBody = async () => parseObjectBody(await body(), req.headers['content-type']);
  /** A create/update body, checked for unknown and duplicate fields (fieldValidation). */
  const checkedBody = async () => {
    const raw = await body();
    const contentType = req.headers['content-type'];
    const object = parseObjectBody(raw, contentType);
    const isJson = !contentType || /^application\/json\s*(;|$)/i.test(contentType);
    checkTypes(info, object);
    checkFields(info, query, res, isJson ? { json: raw.toString('utf8') } : { object });
    pruneUnknownFields(info, object);
    return object;
  };
  const checkPatched = (object: unknown) => {
    checkTypes(info, object);
    checkFields(info, query, res, { object });
    pruneUnknownFields(info, object);
  };

  if (request.subresource === 'scale') {
    if (method === 'GET') return writeJson(req, res, 200, await getScale(ctx, request));
    if (method === 'PUT' || method === 'PATCH') return writeJson(req, res, 200, await writeScale(ctx, request, await body(), req.headers['content-type'], method));
    throw methodNotAllowed(method);
  }
  if (request.subresource === 'binding') {
    if (method !== 'POST') throw methodNotAllowed(method);
    await bindPod(ctx, request, await objectBody());
    return writeJson(req, res, 201, successStatus());
  }
  if (request.subresource === 'eviction') {
    if (method !== 'POST') throw methodNotAllowed(method);
    await evictPod(ctx, request, await objectBody());
    return writeJson(req, res, 201, successStatus());
  }
  if (request.subresource === 'status' || request.subresource === 'finalize') {
    if (method === 'GET' && request.subresource === 'status') return writeJson(req, res, 200, render(info, await getObject(ctx, request), representation(req, true), query, ctx.now()));
    if (method === 'PUT') return writeJson(req, res, 200, (await updateObject(ctx, request, await checkedBody())).object);
    if (method === 'PATCH' && request.subresource === 'status') {
      return writeJson(req, res, 200, (await patchObject(ctx, request, await body(), req.headers['content-type'], checkPatched)).object);
    }
    throw methodNotAllowed(method);
  }

  if (info.verbs && info.resource === 'selfsubjectaccessreviews') {
    if (method !== 'POST' || request.name) throw methodNotAllowed(method);
    representation(req, false);
    const review = decodeObject(info, await objectBody());
    // Every authenticated user is the admin here.
    return writeJson(req, res, 201, { ...review, status: { allowed: true, reason: 'the reference implementation authorizes every authenticated request' } });
  }
  const verb = verbFor(method, request.name !== undefined, query);
  switch (verb) {
    case 'get': {
      const chosen = representation(req, true);
      return writeJson(req, res, 200, render(info, await getObject(ctx, request), chosen, query, ctx.now()));
    }
    case 'list': {
      const chosen = representation(req, true);
      const list = await listObjects(ctx, request);
      const meta: Record<string, unknown> = { resourceVersion: list.resourceVersion };
      if (list.continueToken) meta.continue = list.continueToken;
      if (list.remainingItemCount !== undefined) meta.remainingItemCount = list.remainingItemCount;
      if (chosen.kind === 'table') {
        return writeJson(req, res, 200, toTable(info.kind, list.items, meta, { version: chosen.version, include: parseIncludeObject(query.get('includeObject')), now: ctx.now() }));
      }
      if (chosen.kind === 'partialMetadata') {
        return writeJson(req, res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${chosen.version}`, metadata: meta, items: list.items.map((item) => partialObjectMetadata(item, chosen.version)) });
      }
      return writeJson(req, res, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: meta, items: list.items });
    }
    case 'watch': {
      const chosen = representation(req, true);
      let first = true;
      const include = parseIncludeObject(query.get('includeObject'));
      return serveWatch(ctx, request, req, res, {
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        render: (object) => {
          if (chosen.kind === 'object') return object;
          if (chosen.kind === 'partialMetadata') return partialObjectMetadata(object, chosen.version);
          const table = toTable(info.kind, [object], { resourceVersion: object.metadata?.resourceVersion }, { version: chosen.version, include, now: ctx.now(), withColumns: first });
          first = false;
          return table;
        },
      });
    }
    case 'create': {
      representation(req, false);
      if (request.name) throw methodNotAllowed(method);
      const created = await createObject(ctx, request, await checkedBody());
      return writeJson(req, res, 201, created);
    }
    case 'update': {
      representation(req, false);
      const { object, created } = await updateObject(ctx, request, await checkedBody());
      return writeJson(req, res, created ? 201 : 200, object);
    }
    case 'patch': {
      representation(req, false);
      const { object, created } = await patchObject(ctx, request, await body(), req.headers['content-type'], checkPatched);
      return writeJson(req, res, created ? 201 : 200, object);
    }
    case 'delete': {
      const raw = await body();
      const options = parseDeleteOptions(query, raw.length > 0 ? parseObjectBody(raw, req.headers['content-type']) : undefined);
      const result = await deleteObject(ctx, request, options);
      const served = toServed(info, result.object);
      if (result.deleted && info.resource !== 'pods') {
        return writeJson(req, res, 200, successStatus({ name: request.name, group: info.group, kind: info.resource, uid: served.metadata?.uid }));
      }
      return writeJson(req, res, !result.deleted && options.orphanDependents === false ? 202 : 200, served);
    }
    case 'deletecollection': {
      const raw = await body();
      const options = parseDeleteOptions(query, raw.length > 0 ? parseObjectBody(raw, req.headers['content-type']) : undefined);
      const list = await listObjects(ctx, { ...request, query: withoutPaging(query) });
      const deleteListed = async () => {
        for (const item of list.items) {
          try {
            await deleteObject(ctx, { ...request, namespace: item.metadata?.namespace, name: item.metadata!.name }, options);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        }
      };
      if (ctx.faults.has('deletecollection-deferred')) {
        // Fault: answer first, delete later, so an immediate list still finds the objects.
        setTimeout(() => deleteListed().catch((error: Error) => ctx.log(`deferred deletecollection: ${error.message}`)), DEFERRED_DELETECOLLECTION_MS).unref();
      } else await deleteListed();
      return writeJson(req, res, 200, successStatus());
    }
    default:
      throw methodNotAllowed(method);
  }
}

function withoutPaging(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete('limit');
  copy.delete('continue');
  return copy;
}

/** log, exec, attach, portforward and proxy go to the kubelet-side handler after a 404 check. */
async function connect(options: ResourceHandlerOptions, request: ResourceRequest, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = await connectTarget(options.ctx, request, rest);
  if (!options.connect) throw serviceUnavailable(`${request.info.resource}/${request.subresource} is not available: no connection handler is configured`);
  await options.connect.handle(target, req, res);
}

export async function connectTarget(ctx: ApiContext, request: ResourceRequest, rest: string): Promise<ConnectTarget> {
  const info = storageInfo(request.info);
  // Proxy names may carry a scheme and port: [scheme:]name[:port].
  const parts = request.name!.split(':');
  const objectName = request.subresource === 'proxy' ? (parts.length === 3 ? parts[1]! : parts[0]!) : request.name!;
  if (!(await ctx.objects.find(info, request.namespace, objectName))) throw notFound(request.info, objectName);
  return {
    group: info.group,
    resource: info.resource as ConnectTarget['resource'],
    subresource: request.subresource!,
    namespace: request.namespace,
    name: request.name!,
    rest,
  };
}
