import { Agent, request } from 'node:https';
import type { BenchTarget } from './bench-target.ts';
import { type PodMetadata, setGeneration } from './pod-fixture.ts';
import type { ServedApi } from './api-serve-child.ts';

interface Reply {
  status: number;
  body: string;
}

/**
 * The workload through the API server over HTTPS, with the bearer token and keep-alive
 * connections, as a controller or kubectl would send it. Plain node:https rather than a
 * generated client, so the numbers are the server's and not a client library's.
 */
export class ApiTarget implements BenchTarget {
  private readonly agent: Agent;

  constructor(readonly label: string, private readonly api: ServedApi) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64, ca: api.caCertPem });
  }

  async ensureNamespaces(names: string[]): Promise<void> {
    for (const name of names) {
      const reply = await this.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (reply.status !== 201 && reply.status !== 409) throw new Error(`creating namespace ${name}: ${reply.status} ${reply.body}`);
    }
  }

  async create(namespace: string, name: string, body: object): Promise<void> {
    await this.expect(201, 'POST', `/api/v1/namespaces/${namespace}/pods`, body);
  }

  async get(namespace: string, name: string): Promise<void> {
    JSON.parse(await this.expect(200, 'GET', `/api/v1/namespaces/${namespace}/pods/${name}`));
  }

  async annotate(namespace: string, name: string, generation: number): Promise<void> {
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    // The object as read carries its resourceVersion: the PUT fails with 409 if it went stale.
    const pod = JSON.parse(await this.expect(200, 'GET', path)) as PodMetadata;
    setGeneration(pod, generation);
    await this.expect(200, 'PUT', path, pod);
  }

  async list(namespace: string): Promise<number> {
    const list = JSON.parse(await this.expect(200, 'GET', `/api/v1/namespaces/${namespace}/pods`)) as { items: unknown[] };
    return list.items.length;
  }

  async watch(namespace: string, onModified: (name: string) => void): Promise<{ stop(): void }> {
    const head = JSON.parse(await this.expect(200, 'GET', `/api/v1/namespaces/${namespace}/pods?limit=1`)) as {
      metadata: { resourceVersion: string };
    };
    const path = `/api/v1/namespaces/${namespace}/pods?watch=1&resourceVersion=${head.metadata.resourceVersion}`;
    return new Promise((resolve, reject) => {
      const req = request(this.url(path), { method: 'GET', agent: this.agent, headers: this.headers() }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (!line.trim()) continue;
            const event = JSON.parse(line) as { type: string; object: { metadata?: { name?: string } } };
            if (event.type === 'MODIFIED' && event.object.metadata?.name) onModified(event.object.metadata.name);
          }
        });
        res.on('error', () => {});
        resolve({ stop: () => req.destroy() });
      });
      req.on('error', (error) => reject(error));
      req.end();
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private url(path: string): URL {
    return new URL(path, this.api.url);
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.api.token}`, Accept: 'application/json' };
  }

  private async expect(status: number, method: string, path: string, body?: object): Promise<string> {
    const reply = await this.send(method, path, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: HTTP ${reply.status} ${reply.body.slice(0, 300)}`);
    return reply.body;
  }

  private send(method: string, path: string, body?: object): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const headers = { ...this.headers(), ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } : {}) };
      const req = request(this.url(path), { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
