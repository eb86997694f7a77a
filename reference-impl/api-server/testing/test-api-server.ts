import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { StartClusterExtras } from '../../cluster.ts';
import { startCluster } from '../../cluster.ts';
import type { RunningCluster } from '../../cluster-types.ts';
import { loadOrCreateCredentials } from '../../pki/certificates.ts';

/**
 * An API server on a free port with the memory store and no other components, for tests.
 * Certificates are generated once per process into a shared temp dir (key generation is the
 * slow part), every server gets its own data directory.
 */
export interface TestApiServer {
  url: string;
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  token: string;
  caPem: string;
  /** The cluster's addresses (its `kubernetes` Service VIP, Service CIDR …). */
  network: RunningCluster['network'];
  /** Raw HTTPS request with the admin token (unless token is null). */
  request(method: string, path: string, options?: RawRequestOptions): Promise<RawResponse>;
  stop(): Promise<void>;
}

export interface RawRequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

export async function startTestApiServer(extras: StartClusterExtras = {}, faults: string[] = []): Promise<TestApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kcert-api-test-'));
  const cluster: RunningCluster = await startCluster(
    { port: 0, dataDir, store: 'memory', nodes: 0, faults },
    { components: [], ...extras },
  );
  const credentials = await loadOrCreateCredentials(dataDir);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const request = (method: string, path: string, options: RawRequestOptions = {}) =>
    rawRequest(cluster.url, credentials.caCertPem, method, path, { ...options, token: options.token === undefined ? credentials.adminToken : options.token });
  return {
    url: cluster.url,
    kubeconfigPath: cluster.kubeconfigPath,
    kubeConfig,
    token: credentials.adminToken,
    caPem: credentials.caCertPem,
    network: cluster.network,
    request,
    stop: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function rawRequest(base: string, caPem: string, method: string, path: string, options: RawRequestOptions): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    // Node sends GET/DELETE bodies without framing unless the length is given.
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = httpsRequest(url, { method, headers, ca: caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
