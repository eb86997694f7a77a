import http from 'node:http';
import https from 'node:https';
import { apiErrorFrom, ConnectionError } from './errors.ts';
import { collectionPath, objectPath, type ResourceType } from './resources.ts';
import type { KubeList, KubeObject, WatchEvent } from './types.ts';

export interface ClientConfig {
  /** `https://127.0.0.1:PORT`; `http://` also works (tests use plain fakes). */
  server: string;
  /** Bearer token sent on every request. */
  token?: string;
  /** PEM of the CA that signed the server certificate; required to trust a private CA. */
  caPem?: string;
  /** Names the component in server logs and in managedFields. */
  userAgent?: string;
  /** Per-request timeout for non-watch calls (default 30 s). */
  requestTimeoutMs?: number;
}

/** merge = RFC 7386, json = RFC 6902, strategic = Kubernetes strategic merge patch. */
export type PatchType = 'merge' | 'json' | 'strategic';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
}

export interface WatchQuery extends ListQuery {
  /** Server-side timeout; the stream then ends normally. */
  timeoutSeconds?: number;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

/** How a watch stream ended: the server closed it, the caller stopped it, or it failed. */
export type WatchEnd = { kind: 'closed' } | { kind: 'stopped' } | { kind: 'failed'; error: Error };

export interface WatchHandle {
  stop(): void;
  /** Settles once when the stream ends; never rejects. */
  readonly ended: Promise<WatchEnd>;
}

/**
 * A small REST client for the reference implementation's components: one keep-alive agent per
 * client, bearer-token auth, JSON in and out, typed errors (ApiError with the server's reason,
 * ConnectionError when the server is unreachable).
 */
export class ApiClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(readonly config: ClientConfig) {
    this.base = new URL(config.server);
    const secure = this.base.protocol === 'https:';
    this.transport = secure ? https : http;
    this.agent = secure
      ? new https.Agent({ keepAlive: true, ca: config.caPem, maxFreeSockets: 16 })
      : new http.Agent({ keepAlive: true, maxFreeSockets: 16 });
  }

  get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): Promise<T> {
    return this.request<T>('GET', objectPath(type, namespace, name, subresource));
  }

  /** Lists every item (follows continue tokens). namespace undefined = all namespaces. */
  async list<T extends KubeObject>(type: ResourceType, namespace?: string, query: ListQuery = {}): Promise<KubeList<T>> {
    const path = collectionPath(type, namespace);
    const first = await this.request<KubeList<T>>('GET', path, { query: { ...query } });
    let page = first;
    while (page.metadata?.continue) {
      page = await this.request<KubeList<T>>('GET', path, { query: { ...query, continue: page.metadata.continue } });
      first.items.push(...page.items);
    }
    first.items ??= [];
    return first;
  }

  create<T extends KubeObject = KubeObject>(type: ResourceType, object: NoInfer<T>, namespace = object.metadata.namespace): Promise<T> {
    return this.request<T>('POST', collectionPath(type, namespace), { body: object });
  }

  /** PUT of the whole object; carries metadata.resourceVersion, so a stale write gets Conflict. */
  update<T extends KubeObject = KubeObject>(type: ResourceType, object: NoInfer<T>, subresource?: string): Promise<T> {
    const { namespace, name } = object.metadata;
    return this.request<T>('PUT', objectPath(type, namespace, String(name), subresource), { body: object });
  }

  updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, object: NoInfer<T>): Promise<T> {
    return this.update(type, object, 'status');
  }

  patch<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    patchType: PatchType = 'merge',
    subresource?: string,
  ): Promise<T> {
    return this.request<T>('PATCH', objectPath(type, namespace, name, subresource), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[patchType],
    });
  }

  /** Returns what the server answers: the object (still terminating) or a Status. */
  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<unknown> {
    const hasBody = Object.keys(options).length > 0;
    return this.request('DELETE', objectPath(type, namespace, name), {
      body: hasBody ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
    });
  }

  /** DELETE on a collection (deletecollection), optionally narrowed by selectors. */
  deleteCollection(type: ResourceType, namespace: string | undefined, query: ListQuery = {}, options: DeleteOptions = {}): Promise<unknown> {
    const hasBody = Object.keys(options).length > 0;
    return this.request('DELETE', collectionPath(type, namespace), {
      query: { ...query },
      body: hasBody ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
    });
  }

  /** Any JSON request; the building block of the typed methods above. */
  request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise<T>((resolve, reject) => {
      const req = this.transport.request(this.urlFor(path, options.query), {
        method,
        agent: this.agent,
        headers: this.headers(body, options.contentType ?? 'application/json'),
        timeout: this.config.requestTimeoutMs ?? 30_000,
      });
      req.on('timeout', () => req.destroy(new ConnectionError(`${method} ${path}: timed out`)));
      req.on('error', (error) => reject(error instanceof ConnectionError ? error : new ConnectionError(`${method} ${path}: ${error.message}`, { cause: error })));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(new ConnectionError(`${method} ${path}: ${error.message}`, { cause: error })));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(apiErrorFrom(status, text));
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch (error) {
            reject(new ConnectionError(`${method} ${path}: response is not JSON`, { cause: error }));
          }
        });
      });
      req.end(body);
    });
  }

  /**
   * Streams watch events (one JSON object per line) to onEvent until the server ends the stream,
   * stop() is called, or the connection fails. A non-2xx answer ends it as failed with an ApiError;
   * an ERROR event is delivered to onEvent like any other (callers check for 410 there).
   */
  watch<T extends KubeObject>(type: ResourceType, namespace: string | undefined, query: WatchQuery, onEvent: (event: WatchEvent<T>) => void): WatchHandle {
    const path = collectionPath(type, namespace);
    let settle!: (end: WatchEnd) => void;
    let settled = false;
    const ended = new Promise<WatchEnd>((resolve) => {
      settle = (end) => {
        if (!settled) resolve(end);
        settled = true;
      };
    });
    const req = this.transport.request(this.urlFor(path, { ...query, watch: true, allowWatchBookmarks: true }), {
      method: 'GET',
      agent: this.agent,
      headers: this.headers(undefined, 'application/json'),
    });
    req.on('error', (error) => settle(settled ? { kind: 'stopped' } : { kind: 'failed', error: new ConnectionError(`watch ${path}: ${error.message}`, { cause: error }) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => settle({ kind: 'failed', error: apiErrorFrom(status, Buffer.concat(chunks).toString('utf8')) }));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (!line || settled) continue;
          let event: WatchEvent<T>;
          try {
            event = JSON.parse(line) as WatchEvent<T>;
          } catch {
            continue; // A torn line is dropped, as client-go's decoder would fail it; the next relist heals.
          }
          onEvent(event);
        }
      });
      res.on('end', () => settle({ kind: 'closed' }));
      res.on('error', (error) => settle({ kind: 'failed', error: new ConnectionError(`watch ${path}: ${error.message}`, { cause: error }) }));
      res.on('close', () => settle({ kind: 'closed' }));
    });
    req.end();
    return {
      ended,
      stop: () => {
        settle({ kind: 'stopped' });
        req.destroy();
      },
    };
  }

  /** Closes idle keep-alive sockets; in-flight requests finish. */
  close(): void {
    this.agent.destroy();
  }

  private urlFor(path: string, query?: Record<string, string | number | boolean | undefined>): URL {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  private headers(body: string | undefined, contentType: string): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    if (this.config.userAgent) headers['User-Agent'] = this.config.userAgent;
    if (body !== undefined) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return headers;
  }
}
