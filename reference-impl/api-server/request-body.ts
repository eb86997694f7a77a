import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE } from './protobuf/decode.ts';
import { ApiError, badRequest, tooLarge, unsupportedMediaType } from './status.ts';

/** kube-apiserver's default limit for a request body (3 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body, refusing more than limit bytes with 413 (checked before reading too). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * A JSON or YAML object body (create, update, DeleteOptions). Anything that is not one object —
 * malformed text, arrays, scalars, protobuf — is a 400 or 415, never a crash.
 */
export function parseObjectBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType);
  const text = body.toString('utf8');
  let value: unknown;
  if (type === '' || type === 'application/json' || type === '*/*') {
    value = parseJson(text);
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    value = parseYamlText(text);
  } else if (type === PROTOBUF_CONTENT_TYPE) {
    // kubectl's typed clients (kubectl create deployment|configmap|namespace …) send protobuf.
    value = decodeKubernetesProtobuf(body);
  } else {
    throw unsupportedMediaType(contentType ?? '');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`the body of the request must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

function parseYamlText(text: string): unknown {
  try {
    const value = parseYaml(text, { maxAliasCount: 100 });
    // Aliases can build cycles, which JSON (and every object consumer) cannot represent.
    JSON.stringify(value);
    return value;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest(`error converting YAML to JSON: ${(error as Error).message}`);
  }
}
