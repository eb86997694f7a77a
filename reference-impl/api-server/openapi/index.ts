/**
 * OpenAPI endpoints of the reference API server. The core routes every GET under /openapi/ here:
 * serveOpenApi() answers /openapi/v3 (the index), /openapi/v3/<api/v1|apis/G/V> (one document
 * per group-version) and /openapi/v2 (for kubectl 1.27/1.28), or returns undefined for paths it
 * does not serve (the core then answers 404). Also exports strict field validation.
 */
import { createHash } from 'node:crypto';
import { buildGroupVersionDocument, groupVersionPaths } from './v3-document.js';
import { openApiV2Response } from './v2-document.js';

export { findUnknownFields, findUnknownFieldsInObject, findUnknownFieldsInYaml, fieldWarnings, strictDecodingMessage, MalformedJsonError, type FieldProblems } from './unknown-fields.js';
export { SERVED_KINDS, modelForKind, type ServedKind } from './model-schema.js';

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

interface CachedDocument {
  body: string;
  hash: string;
}

const documents = new Map<string, CachedDocument>();

function documentFor(groupVersionPath: string): CachedDocument | undefined {
  const cached = documents.get(groupVersionPath);
  if (cached) return cached;
  const document = buildGroupVersionDocument(groupVersionPath);
  if (!document) return undefined;
  const body = JSON.stringify(document);
  const entry = { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
  documents.set(groupVersionPath, entry);
  return entry;
}

export function openApiV3Index(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const path of groupVersionPaths()) {
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${documentFor(path)!.hash}` };
  }
  return { paths };
}

/** The v3 document of one group-version ('api/v1', 'apis/apps/v1'), parsed, for tests and tools. */
export function openApiV3Document(groupVersionPath: string): Record<string, unknown> | undefined {
  const document = documentFor(groupVersionPath);
  return document ? (JSON.parse(document.body) as Record<string, unknown>) : undefined;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function serveOpenApi(pathname: string, query: URLSearchParams, accept = ''): OpenApiResponse | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/openapi/v3') {
    return { status: 200, headers: { ...JSON_HEADERS, 'Cache-Control': 'no-cache, private' }, body: JSON.stringify(openApiV3Index()) };
  }
  if (path.startsWith('/openapi/v3/')) {
    const document = documentFor(path.slice('/openapi/v3/'.length));
    if (!document) return undefined;
    const pinned = query.get('hash') === document.hash;
    return {
      status: 200,
      headers: {
        ...JSON_HEADERS,
        Etag: `"${document.hash}"`,
        'Cache-Control': pinned ? 'public, immutable' : 'no-cache, private',
        ...(pinned ? { Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() } : {}),
      },
      body: document.body,
    };
  }
  if (path === '/openapi/v2') return openApiV2Response(accept);
  return undefined;
}
