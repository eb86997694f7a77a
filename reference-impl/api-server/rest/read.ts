import { CompactedError, FutureRevisionError } from '../../store/types.ts';
import { decode, parseResourceVersion } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors.ts';
import { ApiError, badRequest, gone } from '../status.ts';
import type { ApiContext, ResourceRequest } from './context.ts';
import { toServed } from './decode.ts';

export async function getObject(ctx: ApiContext, req: ResourceRequest): Promise<KubeObject> {
  return toServed(req.info, await ctx.objects.get(storageInfo(req.info), req.namespace, req.name!));
}

export type ObjectFilter = (object: KubeObject) => boolean;

/** The label and field selectors of a list or watch request, applied to stored objects. */
export function selectorFilter(info: ResourceInfo, query: URLSearchParams): ObjectFilter {
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const supported = new Set(['metadata.name', 'metadata.namespace', ...Object.keys(info.selectableFields?.({}) ?? {})]);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, supported);
  if (labels.length === 0 && fields.length === 0) return () => true;
  return (object) => matchesLabels(labels, object.metadata?.labels) && (fields.length === 0 || matchesFields(fields, fieldsOf(info, object)));
}

function fieldsOf(info: ResourceInfo, object: KubeObject): Record<string, string> {
  return {
    'metadata.name': object.metadata?.name ?? '',
    'metadata.namespace': object.metadata?.namespace ?? '',
    ...(info.selectableFields?.(object) ?? {}),
  };
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  /** Revision of the snapshot the first page was read at. */
  rv: number;
  /** Last key returned. */
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'kcert/1', ...token })).toString('base64url');
}

function decodeContinue(raw: string, prefix: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ContinueToken> & { v?: string };
    if (token.v === 'kcert/1' && Number.isInteger(token.rv) && typeof token.start === 'string' && token.start.startsWith(prefix)) {
      return { rv: token.rv!, start: token.start };
    }
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: the continue token is malformed');
}

/** resourceVersionMatch=Exact reads the snapshot at that resourceVersion (410 once compacted). */
function exactRevision(query: URLSearchParams): number | undefined {
  const match = query.get('resourceVersionMatch');
  if (!match) return undefined;
  if (match !== 'Exact' && match !== 'NotOlderThan') throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
  const raw = query.get('resourceVersion');
  if (!raw) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const value = parseResourceVersion(raw);
  if (value === undefined || Number.isNaN(value)) throw badRequest(`invalid resourceVersion "${raw}"`);
  return match === 'Exact' && value > 0 ? value : undefined;
}

function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`invalid limit "${raw}"`);
  return Math.max(0, Math.min(Number(raw), Number.MAX_SAFE_INTEGER));
}

/**
 * A page of a list, read from one store snapshot: the continue token pins the revision so
 * later pages are consistent with the first (410 Expired once that revision is compacted).
 */
export async function listObjects(ctx: ApiContext, req: ResourceRequest): Promise<ListResult> {
  const info = storageInfo(req.info);
  const filter = selectorFilter(info, req.query);
  const limit = parseLimit(req.query.get('limit'));
  const prefix = ctx.objects.prefix(info, req.namespace);
  const rawContinue = req.query.get('continue');
  const token = rawContinue ? decodeContinue(rawContinue, prefix) : undefined;
  const items: KubeObject[] = [];
  let revision = token?.rv ?? exactRevision(req.query);
  let startAfter = token?.start;
  let more = false;
  let lastKey: string | undefined;
  try {
    for (;;) {
      const page = await ctx.objects.store.list(prefix, { limit: limit > 0 ? Math.max(limit - items.length, 50) : 0, startAfter, revision });
      revision = page.revision;
      let stoppedEarly = false;
      for (const kv of page.items) {
        const object = decode(kv);
        lastKey = kv.key;
        if (filter(object)) items.push(object);
        if (limit > 0 && items.length >= limit) {
          stoppedEarly = kv !== page.items[page.items.length - 1] || page.more;
          break;
        }
      }
      if (stoppedEarly) {
        more = true;
        break;
      }
      if (!page.more || page.items.length === 0) break;
      startAfter = page.items[page.items.length - 1]!.key;
    }
  } catch (error) {
    if (error instanceof CompactedError && token) {
      throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    if (error instanceof CompactedError) throw gone(`too old resource version: ${revision} (${error.compactedRevision})`);
    if (error instanceof FutureRevisionError && token) throw badRequest('continue key is not valid: its resourceVersion is in the future');
    if (error instanceof FutureRevisionError) {
      throw new ApiError(504, 'Timeout', `Too large resource version: ${revision}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
    }
    throw error;
  }
  // Without selectors the remaining count is exact, so it is reported as upstream does.
  const unfiltered = !req.query.get('labelSelector') && !req.query.get('fieldSelector');
  const remainingItemCount = more && lastKey && unfiltered ? (await ctx.objects.store.list(prefix, { startAfter: lastKey, revision })).items.length : undefined;
  return {
    items: items.map((object) => toServed(req.info, object)),
    resourceVersion: String(revision ?? 0),
    continueToken: more && lastKey ? encodeContinue({ rv: revision!, start: lastKey }) : undefined,
    remainingItemCount,
  };
}
