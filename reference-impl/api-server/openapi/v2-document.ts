/**
 * /openapi/v2 for kubectl 1.27 and 1.28, which download it eagerly for validation, explain and
 * client-side apply and parse it as the protobuf message gnostic openapi_v2.Document (Accept
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf). The definitions are those of the
 * v3 documents, rewritten to swagger 2.0 form; JSON is served to clients that ask for it.
 */
import { KUBERNETES_VERSION, buildGroupVersionDocument, groupVersionPaths } from './v3-document.js';
import type { OpenApiResponse } from './index.js';
import { ProtoWriter } from './protobuf-writer.js';

type Schema = Record<string, any>;

/** What kube-apiserver answers with: the Accept value with '@' (which Go's mime parser rejects) as '.'. */
export const PROTOBUF_V2_RESPONSE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

let cached: { json: string; protobuf: Uint8Array } | undefined;

/** Swagger 2.0 definitions: v3 component schemas with #/definitions/ references. */
export function swaggerDefinitions(): Record<string, Schema> {
  const definitions: Record<string, Schema> = {};
  for (const path of groupVersionPaths()) {
    const schemas = (buildGroupVersionDocument(path)?.components as Schema | undefined)?.schemas as Record<string, Schema>;
    for (const [name, schema] of Object.entries(schemas ?? {})) definitions[name] ??= toSwagger(schema);
  }
  return definitions;
}

function toSwagger(schema: Schema): Schema {
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.allOf[0].$ref) {
    const { allOf: _allOf, default: _default, ...rest } = schema;
    return { ...toSwagger(rest), $ref: schema.allOf[0].$ref.replace('#/components/schemas/', '#/definitions/') };
  }
  const out: Schema = {};
  // Swagger 2.0 has no oneOf: int-or-string and quantity values are typed as strings there.
  if (schema.oneOf || schema['x-kubernetes-int-or-string']) out.type = 'string';
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'oneOf' || key === 'x-kubernetes-int-or-string') continue;
    if (key === '$ref') out.$ref = String(value).replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Schema).map(([name, child]) => [name, toSwagger(child as Schema)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = toSwagger(value as Schema);
    else if (key !== 'default') out[key] = value;
  }
  return out;
}

function encodeSchema(writer: ProtoWriter, schema: Schema): void {
  writer.string(1, schema.$ref).string(2, schema.format).string(4, schema.description);
  for (const name of schema.required ?? []) writer.string(19, name);
  if (schema.additionalProperties) writer.message(21, (item) => item.message(1, (inner) => encodeSchema(inner, schema.additionalProperties)));
  if (schema.type) writer.message(22, (type) => type.string(1, schema.type));
  if (schema.items) writer.message(23, (items) => items.message(1, (inner) => encodeSchema(inner, schema.items)));
  if (schema.properties) {
    writer.message(25, (properties) => {
      for (const [name, child] of Object.entries(schema.properties as Schema)) {
        properties.message(1, (named) => named.string(1, name).message(2, (inner) => encodeSchema(inner, child as Schema)));
      }
    });
  }
  for (const [key, value] of Object.entries(schema)) {
    if (!key.startsWith('x-')) continue;
    writer.message(31, (named) => named.string(1, key).message(2, (any) => any.string(2, JSON.stringify(value))));
  }
}

function build(): { json: string; protobuf: Uint8Array } {
  const definitions = swaggerDefinitions();
  const json = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: KUBERNETES_VERSION }, paths: {}, definitions });
  const writer = new ProtoWriter()
    .string(1, '2.0')
    .message(2, (info) => info.string(1, 'Kubernetes').string(2, KUBERNETES_VERSION))
    .message(8, () => {})
    .message(9, (list) => {
      for (const [name, schema] of Object.entries(definitions)) {
        list.message(1, (named) => named.string(1, name).message(2, (inner) => encodeSchema(inner, schema)));
      }
    });
  return { json, protobuf: writer.finish() };
}

export function openApiV2Response(accept: string): OpenApiResponse | undefined {
  cached ??= build();
  if (accept.includes('protobuf')) {
    return { status: 200, headers: { 'Content-Type': PROTOBUF_V2_RESPONSE }, body: cached.protobuf };
  }
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: cached.json };
}
