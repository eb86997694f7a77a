import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './status.ts';

/** Response writing shared by every handler: JSON bodies, Status errors, HEAD without a body. */
export function writeJson(req: IncomingMessage, res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export function writeError(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(req, res, error.code, error.toStatus());
}

export function writeText(req: IncomingMessage, res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Adds a `Warning: 299 - "message"` header (fieldValidation=Warn, deprecations). */
export function addWarning(res: ServerResponse, message: string): void {
  const existing = res.getHeader('Warning');
  const value = `299 - ${JSON.stringify(message)}`;
  const all = existing === undefined ? [value] : Array.isArray(existing) ? [...existing, value] : [String(existing), value];
  res.setHeader('Warning', all);
}
