import type { ApiClient } from './api-client.ts';
import { isGone } from './errors.ts';
import type { ResourceType } from './resources.ts';
import { objectKey, type KubeObject, type StatusObject, type WatchEvent } from './types.ts';

export interface InformerHandlers<T extends KubeObject> {
  onAdd?(object: T): void;
  /** Also called with old === new on a resync. */
  onUpdate?(oldObject: T, newObject: T): void;
  /** The last state the informer saw. */
  onDelete?(object: T): void;
}

export interface InformerOptions {
  /** Watch one namespace; absent: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every cached object to onUpdate this often (0/absent: never). */
  resyncMs?: number;
  /** Diagnostics (default: silent). */
  log?: (line: string) => void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * List + watch → a local cache + handlers, as client-go's reflector and informer do it. The cache
 * is replaced from a fresh list at start and after a 410 (the server no longer has our
 * resourceVersion); otherwise the watch resumes from the last resourceVersion seen (bookmarks
 * included). Handlers run synchronously in event order and must not throw (errors are logged).
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers = new Set<InformerHandlers<T>>();
  private resourceVersion = '';
  private stopped = false;
  private running?: Promise<void>;
  private watch?: { stop(): void };
  private wakeUp?: () => void;
  private resyncTimer?: NodeJS.Timeout;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(
    private readonly client: ApiClient,
    readonly type: ResourceType,
    private readonly options: InformerOptions = {},
  ) {}

  /** Registers handlers; if the cache is already filled, they first get onAdd for every object. Returns an unsubscribe. */
  addHandlers(handlers: InformerHandlers<T>): () => void {
    this.handlers.add(handlers);
    if (this.synced) for (const object of this.cache.values()) this.safely(() => handlers.onAdd?.(object));
    return () => this.handlers.delete(handlers);
  }

  /** Starts list + watch; resolves after the first list filled the cache. Idempotent. */
  start(): Promise<void> {
    if (!this.running) {
      this.running = this.run();
      if (this.options.resyncMs) {
        this.resyncTimer = setInterval(() => this.resync(), this.options.resyncMs);
        this.resyncTimer.unref();
      }
    }
    return this.waitForSync();
  }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.watch?.stop();
    this.wakeUp?.();
    await this.running;
  }

  /** namespace is ignored (pass undefined) for cluster-scoped kinds. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.cache.get(key);
  }

  /** Cached objects, optionally of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.relist();
        failures = 0;
        while (!this.stopped) {
          const outcome = await this.watchOnce();
          if (outcome === 'relist') break;
          if (outcome === 'retry') await this.pause(backoff(++failures));
          else failures = 0;
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.log?.(`informer ${this.type.plural}: list failed: ${(error as Error).message}`);
        await this.pause(backoff(++failures));
      }
    }
  }

  private async relist(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    const list = await this.client.list<T>(this.type, namespace, { labelSelector, fieldSelector });
    if (this.stopped) return;
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    const fresh = new Map(list.items.map((item) => [objectKey(item), withKind(item, this.type)]));
    for (const [key, old] of this.cache) {
      if (!fresh.has(key)) {
        this.cache.delete(key);
        this.emit((h) => h.onDelete?.(old));
      }
    }
    for (const [key, object] of fresh) {
      const old = this.cache.get(key);
      this.cache.set(key, object);
      if (!old) this.emit((h) => h.onAdd?.(object));
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) this.emit((h) => h.onUpdate?.(old, object));
    }
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  /** One watch connection: 'continue' to re-watch, 'relist' after a 410, 'retry' after a failure. */
  private async watchOnce(): Promise<'continue' | 'relist' | 'retry'> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    let outcome: 'continue' | 'relist' | 'retry' = 'continue';
    const startedAt = Date.now();
    let events = 0;
    const handle = this.client.watch<T>(
      this.type,
      namespace,
      // A randomized server timeout spreads re-watches, like client-go's reflector.
      { labelSelector, fieldSelector, resourceVersion: this.resourceVersion, timeoutSeconds: 300 + Math.floor(Math.random() * 300) },
      (event) => {
        events++;
        if (event.type === 'ERROR') {
          const status = event.object as unknown as StatusObject;
          outcome = status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone' ? 'relist' : 'retry';
          handle.stop();
          return;
        }
        this.apply(event);
      },
    );
    this.watch = handle;
    const end = await handle.ended;
    if (end.kind === 'failed') return isGone(end.error) ? 'relist' : 'retry';
    // A server that ends watches at once must not turn this loop into a busy loop.
    if (outcome === 'continue' && events === 0 && Date.now() - startedAt < 1000) return 'retry';
    return outcome;
  }

  private apply(event: WatchEvent<T>): void {
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type === 'BOOKMARK') return;
    const object = withKind(event.object, this.type);
    const key = objectKey(object);
    const old = this.cache.get(key);
    if (event.type === 'DELETED') {
      this.cache.delete(key);
      this.emit((h) => h.onDelete?.(old ?? object));
      return;
    }
    this.cache.set(key, object);
    if (old) this.emit((h) => h.onUpdate?.(old, object));
    else this.emit((h) => h.onAdd?.(object));
  }

  private resync(): void {
    if (!this.synced) return;
    for (const object of this.cache.values()) this.emit((h) => h.onUpdate?.(object, object));
  }

  private emit(call: (handlers: InformerHandlers<T>) => void): void {
    for (const handlers of this.handlers) this.safely(() => call(handlers));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.options.log?.(`informer ${this.type.plural}: handler failed: ${(error as Error).stack}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function backoff(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.max(0, failures - 1));
}

/** Lists return items without kind/apiVersion; fill them so cached objects are self-describing. */
function withKind<T extends KubeObject>(object: T, type: ResourceType): T {
  if (object.kind && object.apiVersion) return object;
  return { ...object, kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version };
}
