import { CompactedError } from '../../store/types.ts';
import { decode } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../selectors.ts';
import { badRequest, gone } from '../status.ts';
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
  let revision = token?.rv;
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
    throw error;
  }
  return {
    items: items.map((object) => toServed(req.info, object)),
    resourceVersion: String(revision ?? 0),
    continueToken: more && lastKey ? encodeContinue({ rv: revision!, start: lastKey }) : undefined,
  };
}
