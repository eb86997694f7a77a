import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompactedError, type StoreEvent, type Watcher } from '../../store/types.ts';
import { decode, parseResourceVersion } from '../object-store.ts';
import { storageInfo } from '../registry/resources.ts';
import { apiVersionOf, type KubeObject } from '../registry/types.ts';
import { badRequest, gone } from '../status.ts';
import type { ApiContext, ResourceRequest } from './context.ts';
import { toServed } from './decode.ts';
import { type ObjectFilter, selectorFilter } from './read.ts';

export interface WatchOptions {
  /** How often a bookmark is sent to clients that allow them. */
  bookmarkIntervalMs: number;
  /** Renders a served object for the wire (e.g. as a Table row); identity by default. */
  render?: (object: KubeObject) => unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What a watcher with this filter sees of one store event (label changes become ADDED/DELETED). */
export function visibleEvent(event: StoreEvent, filter: ObjectFilter): { type: EventType; object: KubeObject } | undefined {
  const object = decode(event.kv);
  if (event.type === 'ADDED') return filter(object) ? { type: 'ADDED', object } : undefined;
  if (event.type === 'DELETED') {
    const last = event.prev ? decode({ ...event.prev, modRevision: event.kv.modRevision }) : object;
    return filter(last) ? { type: 'DELETED', object: last } : undefined;
  }
  const now = filter(object);
  const before = event.prev ? filter(decode(event.prev)) : false;
  if (now && before) return { type: 'MODIFIED', object };
  if (now) return { type: 'ADDED', object };
  if (before) return { type: 'DELETED', object };
  return undefined;
}

/**
 * Streams watch events, one JSON object per line (client-node splits on newlines). Without a
 * resourceVersion (or with "0") the stream starts with the current objects as ADDED events;
 * with one, it replays history after it, or sends a 410 Expired ERROR event once compacted.
 */
export async function serveWatch(ctx: ApiContext, req: ResourceRequest, httpReq: IncomingMessage, res: ServerResponse, options: WatchOptions): Promise<void> {
  const info = storageInfo(req.info);
  const filter = selectorFilter(info, req.query);
  const rawVersion = req.query.get('resourceVersion') ?? undefined;
  const requested = parseResourceVersion(rawVersion);
  if (Number.isNaN(requested)) throw badRequest(`invalid resource version: ${rawVersion}`);
  const timeoutRaw = req.query.get('timeoutSeconds');
  const timeoutSeconds = timeoutRaw && /^\d+$/.test(timeoutRaw) ? Number(timeoutRaw) : 0;
  const bookmarks = req.query.get('allowWatchBookmarks') === 'true';
  const sendInitial = req.query.get('sendInitialEvents') === 'true' || !requested;
  const prefix = ctx.objects.prefix(info, req.namespace);
  const render = options.render ?? ((object: KubeObject) => object);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const send = (type: string, object: unknown) => {
    if (!res.writableEnded) res.write(JSON.stringify({ type, object }) + '\n');
  };
  const bookmark = (revision: number, annotations?: Record<string, string>) =>
    send('BOOKMARK', { kind: req.info.kind, apiVersion: apiVersionOf(req.info), metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) } });

  let lastRevision = requested ?? 0;
  if (requested && ctx.faults.has('watch-no-replay')) lastRevision = Math.max(requested, await ctx.objects.store.currentRevision());
  if (sendInitial) {
    // One consistent snapshot, then the events after it.
    const snapshot = await ctx.objects.store.list(prefix);
    for (const kv of snapshot.items) {
      const object = decode(kv);
      if (filter(object)) send('ADDED', render(toServed(req.info, object)));
    }
    lastRevision = snapshot.revision;
    if (req.query.get('sendInitialEvents') === 'true' && bookmarks) bookmark(lastRevision, { 'k8s.io/initial-events-end': 'true' });
  }

  let watcher: Watcher | undefined;
  const finished = new Promise<void>((resolve) => {
    const finish = () => {
      watcher?.stop();
      clearInterval(bookmarkTimer);
      clearTimeout(timeoutTimer);
      if (!res.writableEnded) res.end();
      resolve();
    };
    const bookmarkTimer = bookmarks ? setInterval(() => bookmark(lastRevision), options.bookmarkIntervalMs) : undefined;
    const timeoutTimer = timeoutSeconds > 0 ? setTimeout(finish, timeoutSeconds * 1000) : undefined;
    httpReq.once('close', finish);
    res.once('close', finish);
    try {
      watcher = ctx.objects.store.watch(prefix, lastRevision, (event) => {
        try {
          lastRevision = event.kv.modRevision;
          const visible = visibleEvent(event, filter);
          if (visible) send(visible.type, render(toServed(req.info, visible.object)));
        } catch (error) {
          // One undeliverable event ends this stream (the client re-watches), never the server.
          ctx.log(`watch ${prefix}: cannot deliver revision ${event.kv.modRevision}: ${(error as Error).message}`);
          finish();
        }
      });
    } catch (error) {
      if (error instanceof CompactedError) {
        send('ERROR', gone(`too old resource version: ${lastRevision} (${error.compactedRevision})`).toStatus());
        finish();
        return;
      }
      ctx.log(`watch ${prefix} failed: ${(error as Error).message}`);
      finish();
    }
  });
  await finished;
}
