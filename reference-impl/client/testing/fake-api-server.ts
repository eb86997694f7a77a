import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../types.ts';

interface Revisioned {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  collection: string;
  object: KubeObject;
  revision: number;
}

/**
 * A tiny in-memory stand-in for the API server, just enough REST + watch to test the client and
 * informers in isolation (plain HTTP, one flat namespace of collections). Not a model of the real
 * server: the integration tests use startCluster for that.
 */
export class FakeApiServer {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: Revisioned[] = [];
  private revision = 0;
  /** Watches asking for revisions at or below this get a 410 ERROR event. */
  compactedThrough = 0;
  private readonly watchers = new Set<{ collection: string; res: http.ServerResponse }>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  readonly requests: { method: string; url: string; authorization?: string }[] = [];

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const watcher of this.watchers) watcher.res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Ends every open watch stream (as a server-side timeout would). */
  endWatches(): void {
    for (const watcher of this.watchers) watcher.res.end();
    this.watchers.clear();
  }

  get watchCount(): number {
    return this.watchers.size;
  }

  /** Writes directly, bypassing HTTP, and notifies watchers. */
  put(collection: string, object: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'ADDED'): KubeObject {
    const items = this.objects.get(collection) ?? new Map<string, KubeObject>();
    this.objects.set(collection, items);
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.revision), uid: object.metadata.uid ?? randomUUID() } };
    if (type === 'DELETED') items.delete(String(stored.metadata.name));
    else items.set(String(stored.metadata.name), stored);
    const event: Revisioned = { type, collection, object: stored, revision: this.revision };
    this.history.push(event);
    for (const watcher of this.watchers) if (watcher.collection === collection) watcher.res.write(`${JSON.stringify({ type, object: stored })}\n`);
    return stored;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as KubeObject) : undefined;
      const { collection, name } = parsePath(url.pathname);
      const items = this.objects.get(collection) ?? new Map<string, KubeObject>();
      const reply = (code: number, payload: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const notFound = () => reply(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `"${name}" not found` });
      if (req.method === 'GET' && name === undefined && url.searchParams.get('watch')) return this.watch(collection, url, res);
      if (req.method === 'GET' && name === undefined) return reply(200, { kind: 'List', metadata: { resourceVersion: String(this.revision) }, items: [...items.values()] });
      if (req.method === 'GET') return items.has(name!) ? reply(200, items.get(name!)) : notFound();
      if (req.method === 'POST' && body) {
        const objectName = body.metadata.name ?? `${body.metadata.generateName ?? ''}${randomUUID().slice(0, 5)}`;
        if (items.has(objectName)) return reply(409, { kind: 'Status', reason: 'AlreadyExists', code: 409, message: `"${objectName}" already exists` });
        return reply(201, this.put(collection, { ...body, metadata: { ...body.metadata, name: objectName } }));
      }
      if (!items.has(name!)) return notFound();
      const current = items.get(name!)!;
      if (req.method === 'PUT' && body) {
        if (body.metadata.resourceVersion && body.metadata.resourceVersion !== current.metadata.resourceVersion) {
          return reply(409, { kind: 'Status', reason: 'Conflict', code: 409, message: 'the object has been modified' });
        }
        return reply(200, this.put(collection, body, 'MODIFIED'));
      }
      if (req.method === 'PATCH' && body) {
        const merged = { ...current, ...body, metadata: { ...current.metadata, ...body.metadata } } as KubeObject;
        return reply(200, this.put(collection, merged, 'MODIFIED'));
      }
      if (req.method === 'DELETE') return reply(200, this.put(collection, current, 'DELETED'));
      reply(405, { kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    });
  }

  private watch(collection: string, url: URL, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const from = Number(url.searchParams.get('resourceVersion') || this.revision);
    if (from < this.compactedThrough) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`);
      return;
    }
    for (const event of this.history) {
      if (event.collection === collection && event.revision > from) res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
    }
    const watcher = { collection, res };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }
}

/** `/api/v1[/namespaces/NS]/PLURAL[/NAME]` or `/apis/G/V[/namespaces/NS]/PLURAL[/NAME]`. */
function parsePath(pathname: string): { collection: string; name?: string } {
  const segments = pathname.split('/').filter(Boolean);
  let index = segments[0] === 'api' ? 2 : 3;
  if (segments[index] === 'namespaces' && segments.length > index + 2) index += 2;
  return { collection: `/${segments.slice(0, index + 1).join('/')}`, name: segments[index + 1] };
}
