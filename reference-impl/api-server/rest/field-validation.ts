import type { ServerResponse } from 'node:http';
import { addWarning } from '../http-io.ts';
import { fieldWarnings, findUnknownFields, findUnknownFieldsInObject, MalformedJsonError, strictDecodingMessage, type FieldProblems } from '../openapi/index.ts';
import { apiVersionOf, type ResourceInfo } from '../registry/types.ts';
import { badRequest } from '../status.ts';

/**
 * fieldValidation=Strict|Warn|Ignore (kubectl 1.29+ relies on it instead of client-side schema
 * checks): unknown or duplicate fields refuse the request under Strict, become Warning headers
 * under Warn (the server default), and pass silently under Ignore.
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`);
}

/** Checks a request body given as raw JSON text, or as an already decoded object (YAML, protobuf). */
export function checkFields(info: ResourceInfo, query: URLSearchParams, res: ServerResponse, body: { json: string } | { object: unknown }): void {
  const mode = fieldValidationOf(query);
  if (mode === 'Ignore') return;
  let problems: FieldProblems;
  try {
    problems = 'json' in body ? findUnknownFields(apiVersionOf(info), info.kind, body.json) : findUnknownFieldsInObject(apiVersionOf(info), info.kind, body.object);
  } catch (error) {
    if (error instanceof MalformedJsonError) throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${error.message}`);
    throw error;
  }
  if (problems.messages.length === 0) return;
  if (mode === 'Strict') {
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${strictDecodingMessage(problems)}`);
  }
  for (const warning of fieldWarnings(problems)) addWarning(res, warning);
}
