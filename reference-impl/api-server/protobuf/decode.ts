import { badRequest, unsupportedMediaType } from '../status.ts';
import { type FieldSpec, SCHEMAS } from './schemas.ts';
import { readFields, toSigned, toText, WireError, type WireField } from './wire.ts';

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body (the `k8s\0` magic, then a
 * runtime.Unknown envelope carrying apiVersion, kind and the raw message) into the JSON object
 * Go's encoding would produce, for the kinds in SCHEMAS. Others answer 415, as if unsupported.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest('protobuf body does not start with the k8s magic prefix');
  try {
    const envelope = readFields(body.subarray(4));
    const typeMeta = envelope.find((field) => field.number === 1 && field.bytes);
    const raw = envelope.find((field) => field.number === 2 && field.bytes);
    const meta = typeMeta ? readFields(typeMeta.bytes!) : [];
    const apiVersion = text(meta.find((field) => field.number === 1));
    const kind = text(meta.find((field) => field.number === 2));
    const schemaName = SCHEMAS[`${apiVersion}/${kind}`] ? `${apiVersion}/${kind}` : kind;
    if (!schemaName || !SCHEMAS[schemaName]) throw unsupportedMediaType(`${PROTOBUF_CONTENT_TYPE} (kind ${kind || 'unknown'})`);
    const object = decodeMessage(schemaName, raw?.bytes ?? new Uint8Array());
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (error instanceof WireError) throw badRequest(`failed to decode protobuf body: ${error.message}`);
    throw error;
  }
}

function text(field: WireField | undefined): string {
  return field?.bytes ? toText(field.bytes) : '';
}

function decodeMessage(schemaName: string, bytes: Uint8Array): Record<string, unknown> {
  const schema = SCHEMAS[schemaName]!;
  const out: Record<string, unknown> = {};
  for (const field of readFields(bytes)) {
    const spec = schema[field.number];
    if (!spec) continue;
    const value = decodeValue(spec, field);
    if (value === undefined) continue;
    if (spec.repeated) {
      const list = (out[spec.name] as unknown[] | undefined) ?? [];
      list.push(value);
      out[spec.name] = list;
    } else if (typeof spec.type === 'object' && 'map' in spec.type) {
      const [key, entry] = value as [string, unknown];
      out[spec.name] = { ...((out[spec.name] as object | undefined) ?? {}), [key]: entry };
    } else {
      out[spec.name] = value;
    }
  }
  return out;
}

function requireBytes(field: WireField): Uint8Array {
  if (!field.bytes) throw new WireError(`field ${field.number} should be length-delimited`);
  return field.bytes;
}

function requireInt(field: WireField): bigint {
  if (field.int === undefined) throw new WireError(`field ${field.number} should be a number`);
  return field.int;
}

function decodeValue(spec: FieldSpec, field: WireField): unknown {
  const type = spec.type;
  if (typeof type === 'object') {
    if ('message' in type) {
      const message = decodeMessage(type.message, requireBytes(field));
      return Object.keys(message).length === 0 && !spec.repeated && type.message !== 'ObjectMeta' ? undefined : message;
    }
    const entry = readFields(requireBytes(field));
    const key = text(entry.find((part) => part.number === 1));
    const raw = entry.find((part) => part.number === 2);
    if (type.map === 'string') return [key, text(raw)];
    if (type.map === 'bytes') return [key, Buffer.from(raw?.bytes ?? new Uint8Array()).toString('base64')];
    return [key, quantity(raw?.bytes)];
  }
  switch (type) {
    case 'string': {
      const value = toText(requireBytes(field));
      return value === '' && !spec.pointer && !spec.repeated ? undefined : value;
    }
    case 'int': {
      const value = toSigned(requireInt(field));
      return value === 0 && !spec.pointer ? undefined : value;
    }
    case 'bool': {
      const value = requireInt(field) !== 0n;
      return !value && !spec.pointer ? undefined : value;
    }
    case 'bytes':
      return Buffer.from(requireBytes(field)).toString('base64');
    case 'quantity':
      return quantity(requireBytes(field));
    case 'time': {
      const parts = readFields(requireBytes(field));
      const seconds = parts.find((part) => part.number === 1)?.int;
      if (seconds === undefined || seconds === 0n) return undefined;
      return new Date(toSigned(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'intOrString': {
      const parts = readFields(requireBytes(field));
      const kind = parts.find((part) => part.number === 1)?.int ?? 0n;
      if (kind === 1n) return text(parts.find((part) => part.number === 3));
      return toSigned(parts.find((part) => part.number === 2)?.int ?? 0n);
    }
  }
}

function quantity(bytes: Uint8Array | undefined): string {
  if (!bytes) return '0';
  return text(readFields(bytes).find((part) => part.number === 1)) || '0';
}
