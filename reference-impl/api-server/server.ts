import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FaultSet } from '../faults.ts';
import type { ClusterCredentials } from '../pki/certificates.ts';
import type { Store } from '../store/types.ts';
import type { ConnectHandler } from './connect/index.ts';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  discoveryContentType,
  type ExtraGroupVersion,
  negotiateDiscovery,
} from './discovery.ts';
import { writeError, writeJson, writeText } from './http-io.ts';
import { ObjectStore } from './object-store.ts';
import { serveOpenApi } from './openapi/index.ts';
import { DEFAULT_MAX_BODY_BYTES } from './request-body.ts';
import { parseRequestPath, type RequestInfo } from './request-info.ts';
import { CONNECT_SUBRESOURCES, connectTarget, handleResource, resolveResource } from './resource-handler.ts';
import type { ApiContext } from './rest/context.ts';
import { ApiError, badRequest, internalError, methodNotAllowed, notAcceptable, pathNotFound, unauthorized } from './status.ts';

/** Serves paths outside the resource API (OpenAPI, metrics.k8s.io); returns false when not its path. */
export type PathHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<boolean>;

export interface ApiServerOptions {
  store: Store;
  credentials: ClusterCredentials;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  faults: FaultSet;
  log?: (line: string) => void;
  /** pods/log, exec, attach, portforward and the proxy subresources; 503 without one. */
  connect?: ConnectHandler;
  /** Admission and release hooks (quota, limit ranges, Service IP allocation). */
  admit?: ApiContext['admit'];
  released?: ApiContext['released'];
  /** Extra handlers tried in order before 404, e.g. OpenAPI documents and metrics.k8s.io. */
  pathHandlers?: PathHandler[];
  /** Group versions served by pathHandlers that discovery must list. */
  extraDiscovery?: ExtraGroupVersion[];
  maxBodyBytes?: number;
  bookmarkIntervalMs?: number;
  now?: () => Date;
}

export interface RunningApiServer {
  url: string;
  port: number;
  context: ApiContext;
  close(): Promise<void>;
}

/** The version this server reports; kubectl 1.27–1.33 only warn on skew, never refuse. */
export const SERVER_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-kcert',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const PUBLIC_PATHS = /^\/(version|healthz|livez|readyz)(\/.*)?$/;

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const log = options.log ?? (() => {});
  const context: ApiContext = {
    objects: new ObjectStore(options.store),
    faults: options.faults,
    now: options.now ?? (() => new Date()),
    log,
    admit: options.admit ?? (async () => {}),
    released: options.released ?? (async () => {}),
  };
  const expectedToken = Buffer.from(options.credentials.adminToken);
  const authenticated = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return false;
    const given = Buffer.from(match[1]!.trim());
    return given.length === expectedToken.length && timingSafeEqual(given, expectedToken);
  };
  const resourceOptions = {
    ctx: context,
    connect: options.connect,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 30_000,
  };
  const extra = options.extraDiscovery ?? [];
  let serverAddress = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req);
    const path = url.pathname;
    if (!PUBLIC_PATHS.test(path) && !authenticated(req)) throw unauthorized();
    const info = parseRequestPath(path);
    const method = req.method ?? 'GET';
    if (info.kind === 'resource') {
      if (extra.some((gv) => gv.group === info.group && gv.version === info.version)) {
        for (const handler of options.pathHandlers ?? []) if (await handler(req, res, path, url.searchParams)) return;
      }
      return handleResource(resourceOptions, info, req, res, url.searchParams);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      for (const handler of options.pathHandlers ?? []) if (await handler(req, res, path, url.searchParams)) return;
      throw methodNotAllowed(method);
    }
    if (await serveDiscovery(info, req, res, extra, serverAddress)) return;
    if (path === '/openapi' || path.startsWith('/openapi/')) {
      const document = serveOpenApi(path, url.searchParams, req.headers.accept ?? '');
      if (!document) throw pathNotFound();
      res.writeHead(document.status, document.headers);
      res.end(method === 'HEAD' ? undefined : document.body);
      return;
    }
    if (info.kind === 'nonResource') {
      if (path === '/version' || path === '/version/') return writeJson(req, res, 200, SERVER_VERSION);
      if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) return writeText(req, res, 200, 'ok');
    }
    for (const handler of options.pathHandlers ?? []) if (await handler(req, res, path, url.searchParams)) return;
    if (path === '/') {
      return writeJson(req, res, 200, { paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version', '/openapi/v2', '/openapi/v3'] });
    }
    throw pathNotFound();
  };

  const server: Server = createServer({ key: options.credentials.servingKeyPem, cert: options.credentials.servingCertPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ApiError) return writeError(req, res, error);
      log(`internal error on ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      writeError(req, res, internalError((error as Error)?.message ?? String(error)));
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      const status = error instanceof ApiError ? error : internalError((error as Error)?.message ?? String(error));
      if (!(error instanceof ApiError)) log(`upgrade error on ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      rejectUpgrade(socket, status);
    });
  });
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => socket.destroy());
    if (!authenticated(req)) throw unauthorized();
    const url = requestUrl(req);
    const info = parseRequestPath(url.pathname);
    if (info.kind !== 'resource') throw pathNotFound();
    const request = resolveResource(info, url.searchParams);
    if (!request.subresource || !CONNECT_SUBRESOURCES.has(request.subresource)) throw new ApiError(400, 'BadRequest', 'upgrade is only supported for connect subresources');
    const target = await connectTarget(context, request, info.rest);
    if (!options.connect) throw new ApiError(503, 'ServiceUnavailable', 'no connection handler is configured');
    await options.connect.upgrade(target, req, socket, head);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: `https://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    context,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request target as a URL; `//x` and absolute forms stay paths, garbage is a 400. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(`https://placeholder${(req.url ?? '/').startsWith('/') ? '' : '/'}${req.url ?? '/'}`);
  } catch {
    throw badRequest('the request target is not a valid URL');
  }
}

/** Status over a raw socket for a refused upgrade (clients fall back from WebSocket to SPDY on this). */
function rejectUpgrade(socket: Duplex, error: ApiError): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(error.toStatus());
  socket.end(`HTTP/1.1 ${error.code} ${error.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

async function serveDiscovery(info: RequestInfo, req: IncomingMessage, res: ServerResponse, extra: ExtraGroupVersion[], serverAddress: string): Promise<boolean> {
  if (info.kind === 'legacyRoot' || info.kind === 'groupsRoot') {
    const format = negotiateDiscovery(req.headers.accept);
    if (!format) throw notAcceptable('only application/json and aggregated discovery (apidiscovery.k8s.io v2, v2beta1) are served');
    const root = info.kind === 'legacyRoot' ? 'api' : 'apis';
    if (format !== 'legacy') {
      writeJson(req, res, 200, aggregatedDiscovery(root, format, extra), discoveryContentType(format));
      return true;
    }
    writeJson(req, res, 200, root === 'api' ? apiVersions(serverAddress) : apiGroupList(extra));
    return true;
  }
  if (info.kind === 'group') {
    const document = apiGroupDocument(info.group, extra);
    if (!document) throw pathNotFound();
    writeJson(req, res, 200, document);
    return true;
  }
  if (info.kind === 'groupVersion') {
    const document = apiResourceList(info.group, info.version, extra);
    if (!document) throw pathNotFound();
    writeJson(req, res, 200, document);
    return true;
  }
  return false;
}
