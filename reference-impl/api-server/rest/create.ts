import { strategyFor } from '../strategy/index.ts';
import { findResource, storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { alreadyExists, badRequest, forbidden, invalid, notFound, type StatusCause } from '../status.ts';
import { type ApiContext, type ResourceRequest, type WriteOptions, writeOptionsFor } from './context.ts';
import { recordManagedFields } from './managed-fields.ts';
import { decodeObject, toServed, toStorage } from './decode.ts';
import { generateNameSuffix, prepareForCreate, validateName } from './prepare.ts';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;

/** POST to a collection: returns the created object in the served version. */
export async function createObject(ctx: ApiContext, req: ResourceRequest, body: Record<string, unknown>): Promise<KubeObject> {
  const { info } = req;
  const served = decodeObject(info, body);
  const meta = served.metadata!;
  if (info.namespaced) {
    if (meta.namespace && meta.namespace !== req.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = req.namespace;
  } else {
    delete meta.namespace;
  }
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${generateNameSuffix()}`;
  const object = toStorage(info, served);
  return toServed(info, await createStored(ctx, info, object, writeOptionsFor(req)));
}

/** Creates an object already in storage form (also used by server-side apply and bootstrap). */
export async function createStored(ctx: ApiContext, info: ResourceInfo, object: KubeObject, options: WriteOptions): Promise<KubeObject> {
  const { dryRun } = options;
  const stored = storageInfo(info);
  const meta = object.metadata!;
  if (info.namespaced) await requireNamespaceAcceptsContent(ctx, info, meta.namespace!);
  prepareForCreate(stored, object, ctx.now());
  const strategy = strategyFor(stored.group, stored.resource);
  strategy.applyDefaults(object);
  const causes = dedupe([...validateName(stored, meta), ...strategy.validateCreate(object)]);
  if (causes.length > 0) throw invalid(stored.kind, stored.group, meta.name ?? '', causes);
  await ctx.admit('CREATE', stored, object, undefined, dryRun);
  recordManagedFields(object, undefined, options, undefined, ctx.now());
  if (dryRun) {
    // A dry run answers what the create would: AlreadyExists included.
    if (await ctx.objects.find(stored, meta.namespace, meta.name!)) throw alreadyExists(stored, meta.name!);
    return object;
  }
  return ctx.objects.create(stored, object);
}

/** A namespaced object needs an existing namespace that is not being deleted. */
export async function requireNamespaceAcceptsContent(ctx: ApiContext, info: ResourceInfo, namespace: string): Promise<void> {
  if (!namespace) throw badRequest('the namespace of the object is required');
  const ns = await ctx.objects.find(NAMESPACES, undefined, namespace);
  if (!ns) throw notFound(NAMESPACES, namespace);
  if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
    throw forbidden(info, '', `unable to create new content in namespace ${namespace} because it is being terminated`, [
      { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
    ]);
  }
}

export function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((cause) => {
    const key = `${cause.field}\u0000${cause.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
