import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rewriteLinks } from './proxy-target.ts';
import { unavailable } from './connect-errors.ts';

/**
 * Forwards one proxied request to a backend (pod or service endpoint) and streams the answer back.
 * The caller's credentials never leave the API server; HTML bodies get their absolute links
 * rewritten to stay under the proxy prefix; TLS backends are not verified (as upstream).
 */
export interface Backend {
  scheme: 'http' | 'https';
  ip: string;
  port: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'authorization', 'host']);

/** 301 to the trailing-slash form for GET/HEAD of `…/proxy` (no path at all), as upstream. */
export function redirectToSlash(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://api');
  res.writeHead(301, { Location: `${url.pathname}/${url.search}`, 'Content-Length': 0 });
  res.end();
  return true;
}

export function forward(backend: Backend, path: string, req: IncomingMessage, res: ServerResponse, linkPrefix: string): Promise<void> {
  const incoming = new URL(req.url ?? '/', 'http://api');
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = `${backend.ip}:${backend.port}`;
  const send = backend.scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const upstream = send(
      { host: backend.ip, port: backend.port, method: req.method, path: `${path || '/'}${incoming.search}`, headers, rejectUnauthorized: false, agent: false, timeout: 30_000 },
      (answer) => {
        const type = String(answer.headers['content-type'] ?? '');
        const outHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) outHeaders[name] = value;
        if (type.includes('text/html')) {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = rewriteLinks(Buffer.concat(chunks).toString('utf8'), linkPrefix);
            delete outHeaders['content-length'];
            outHeaders['content-length'] = String(Buffer.byteLength(body));
            res.writeHead(answer.statusCode ?? 502, outHeaders);
            res.end(body);
            resolve();
          });
          answer.on('error', reject);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, outHeaders);
        answer.pipe(res);
        answer.on('end', () => resolve());
        answer.on('error', reject);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (error) => reject(unavailable(`error trying to reach service: ${error.message}`)));
    req.pipe(upstream);
  });
}
