import type { ServerResponse } from 'node:http';

/** A failure of a connect request, written as a Kubernetes Status by the handler's edge. */
export class ConnectError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function writeStatus(res: ServerResponse, error: ConnectError): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: error.message, reason: error.reason, code: error.code });
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(error.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export const badRequest = (message: string): ConnectError => new ConnectError(400, 'BadRequest', message);
export const notFound = (message: string): ConnectError => new ConnectError(404, 'NotFound', message);
export const unavailable = (message: string): ConnectError => new ConnectError(503, 'ServiceUnavailable', message);
