/**
 * Field errors as apimachinery's field.ErrorList prints them: the cause message is the error body
 * ("Invalid value: 0: must be between 1 and 65535, inclusive"), the field its JSON path.
 */
import type { FieldCause } from './index.js';

export type Causes = FieldCause[];

/** Go's %#v-like rendering of a value in messages: "text", 12, map[string]string{"a":"b"}. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return `[]string{${value.map((item) => JSON.stringify(item)).join(', ')}}`;
    return JSON.stringify(value);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.every(([, item]) => typeof item === 'string')) {
    const body = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`).join(', ');
    return `map[string]string{${body}}`;
  }
  return JSON.stringify(value);
}

export const required = (field: string, detail = ''): FieldCause => ({
  reason: 'FieldValueRequired',
  field,
  message: detail ? `Required value: ${detail}` : 'Required value',
});

export const invalid = (field: string, value: unknown, detail: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${goValue(value)}: ${detail}`,
});

export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((item) => JSON.stringify(item)).join(', ')}`,
});

export const duplicate = (field: string, value: unknown): FieldCause => ({
  reason: 'FieldValueDuplicate',
  field,
  message: `Duplicate value: ${goValue(value)}`,
});

export const forbidden = (field: string, detail: string): FieldCause => ({
  reason: 'FieldValueForbidden',
  field,
  message: `Forbidden: ${detail}`,
});

export const notFound = (field: string, value: unknown): FieldCause => ({
  reason: 'FieldValueNotFound',
  field,
  message: `Not found: ${goValue(value)}`,
});

export const tooLong = (field: string, max: number): FieldCause => ({
  reason: 'FieldValueTooLong',
  field,
  message: `Too long: may not be more than ${max} bytes`,
});

export const immutable = (field: string, value: unknown): FieldCause => invalid(field, value, 'field is immutable');

export function nonNegative(causes: Causes, field: string, value: unknown): void {
  if (typeof value === 'number' && value < 0) causes.push(invalid(field, value, 'must be greater than or equal to 0'));
}

/** Any JSON object as a record, for reading loosely typed request bodies. */
export type Json = Record<string, any>;

export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** The objects of a list (anything else in it is skipped: shape errors are the decoder's to report). */
export function asList(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item)) as Json[]) : [];
}

/** The items of a list of scalars. */
export function asValues(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
