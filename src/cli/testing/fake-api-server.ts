import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';

interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; deletionTimestamp?: string };
  [key: string]: unknown;
}

/**
 * A minimal API server for the runner's black-box tests, until they can use the reference
 * implementation for everything: /version, namespaces (create, list by label, get, delete with a short
 * Terminating phase) and generic namespaced collections. It can fail the next requests on purpose.
 * Plain HTTP on 127.0.0.1, port 0.
 */
export class FakeApiServer {
  readonly namespaces = new Map<string, StoredObject>();
  readonly objects = new Map<string, StoredObject>();
  /** Every namespace ever created, in order: lets a test wait until a run reached a given test. */
  readonly createdNamespaces: string[] = [];
  /** Every namespaced object ever created, kept after its namespace is gone. */
  readonly createdObjects: StoredObject[] = [];
  requests = 0;
  private failures: Array<{ status: number; match: RegExp }> = [];
  private server: Server | undefined;

  constructor(private readonly options: { terminatingMs?: number; serverVersion?: string } = {}) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests whose "METHOD path" matches answer `status`. */
  failNext(count: number, status: number, match: RegExp = /.*/): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, match });
  }

  clearFailures(): void {
    this.failures = [];
  }

  async writeKubeconfig(path: string, contextName = 'fake'): Promise<void> {
    await writeFile(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        `current-context: ${contextName}`,
        'clusters:',
        `- name: fake`,
        '  cluster:',
        `    server: ${this.url}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: fake',
        '  user:',
        '    token: fake-token',
        'contexts:',
        `- name: ${contextName}`,
        '  context:',
        '    cluster: fake',
        '    user: fake',
        '',
      ].join('\n'),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.requests += 1;
    const url = new URL(request.url ?? '/', 'http://x');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    const failure = this.failures.findIndex((entry) => entry.match.test(`${method} ${url.pathname}`));
    if (failure >= 0) {
      const { status } = this.failures.splice(failure, 1)[0]!;
      return send(response, status, statusObject(status, 'InternalError', 'injected failure'));
    }
    if (url.pathname === '/version') return send(response, 200, { major: '1', minor: '33', gitVersion: this.options.serverVersion ?? 'v1.33.0-fake', platform: 'linux/amd64' });
    if (url.pathname === '/api/v1/namespaces') return this.namespaceCollection(method, url, body, response);
    const item = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname);
    if (item) return this.namespaceItem(method, decodeURIComponent(item[1]!), response);
    const namespaced = /^\/apis?\/(?:.+\/)?namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (namespaced) return this.namespacedObject(method, url.pathname, namespaced[1]!, namespaced[3], body, response);
    return send(response, 404, statusObject(404, 'NotFound', `no route ${method} ${url.pathname}`));
  }

  private namespaceCollection(method: string, url: URL, body: string, response: ServerResponse): void {
    if (method === 'POST') {
      const object = JSON.parse(body) as StoredObject;
      const name = object.metadata.name;
      if (this.namespaces.has(name)) return send(response, 409, statusObject(409, 'AlreadyExists', `namespaces "${name}" already exists`));
      this.namespaces.set(name, { ...object, status: { phase: 'Active' } });
      this.createdNamespaces.push(name);
      return send(response, 201, this.namespaces.get(name));
    }
    const selector = url.searchParams.get('labelSelector') ?? '';
    const items = [...this.namespaces.values()].filter((namespace) => matches(namespace.metadata.labels ?? {}, selector));
    return send(response, 200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items });
  }

  private namespaceItem(method: string, name: string, response: ServerResponse): void {
    const namespace = this.namespaces.get(name);
    if (!namespace) return send(response, 404, statusObject(404, 'NotFound', `namespaces "${name}" not found`));
    if (method === 'DELETE') {
      if (!namespace.metadata.deletionTimestamp) {
        namespace.metadata.deletionTimestamp = new Date().toISOString();
        // Like the namespace controller: the namespace lingers in Terminating, then goes with its contents.
        setTimeout(() => {
          this.namespaces.delete(name);
          for (const key of [...this.objects.keys()]) if (key.includes(`/namespaces/${name}/`)) this.objects.delete(key);
        }, this.options.terminatingMs ?? 50).unref();
      }
      return send(response, 200, namespace);
    }
    return send(response, 200, namespace);
  }

  private namespacedObject(method: string, path: string, namespace: string, name: string | undefined, body: string, response: ServerResponse): void {
    if (!this.namespaces.has(namespace)) return send(response, 404, statusObject(404, 'NotFound', `namespaces "${namespace}" not found`));
    if (name === undefined) {
      if (method === 'POST') {
        const object = JSON.parse(body) as StoredObject;
        this.objects.set(`${path}/${object.metadata.name}`, object);
        this.createdObjects.push(object);
        return send(response, 201, object);
      }
      const items = [...this.objects.entries()].filter(([key]) => key.startsWith(`${path}/`)).map(([, value]) => value);
      return send(response, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
    }
    const object = this.objects.get(path);
    if (!object) return send(response, 404, statusObject(404, 'NotFound', `${path} not found`));
    if (method === 'DELETE') this.objects.delete(path);
    return send(response, 200, object);
  }
}

function matches(labels: Record<string, string>, selector: string): boolean {
  return selector
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split('=') as [string, string | undefined];
      return value === undefined ? key in labels : labels[key] === value;
    });
}

function statusObject(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
