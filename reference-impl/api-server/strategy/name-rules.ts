/** Name, label and annotation syntax (apimachinery's validation package), with upstream messages. */
import { invalid, tooLong, type Causes } from './field-errors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const ENV_VAR_MESSAGE =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

export function dnsLabelErrors(field: string, value: string): Causes {
  const causes: Causes = [];
  if (value.length > 63) causes.push(invalid(field, value, 'must be no more than 63 characters'));
  if (!DNS1123_LABEL.test(value)) causes.push(invalid(field, value, DNS1123_LABEL_MESSAGE));
  return causes;
}

export function dnsSubdomainErrors(field: string, value: string): Causes {
  const causes: Causes = [];
  if (value.length > 253) causes.push(invalid(field, value, 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(value)) causes.push(invalid(field, value, DNS1123_SUBDOMAIN_MESSAGE));
  return causes;
}

/** Qualified names ([prefix/]name) used as label keys, annotation keys, finalizers, resource names. */
export function qualifiedNameErrors(field: string, value: string): Causes {
  const parts = value.split('/');
  const causes: Causes = [];
  let name = value;
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) causes.push(invalid(field, value, 'prefix part must be non-empty'));
    else if (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253) causes.push(invalid(field, value, `prefix part ${DNS1123_SUBDOMAIN_MESSAGE}`));
  } else if (parts.length > 2) {
    return [invalid(field, value, "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")];
  }
  if (name.length === 0) causes.push(invalid(field, value, 'name part must be non-empty'));
  else if (name.length > 63) causes.push(invalid(field, value, 'name part must be no more than 63 characters'));
  else if (!QUALIFIED_NAME_PART.test(name)) causes.push(invalid(field, value, QUALIFIED_NAME_MESSAGE));
  return causes;
}

export function labelValueErrors(field: string, value: string): Causes {
  const causes: Causes = [];
  if (value.length > 63) causes.push(invalid(field, value, 'must be no more than 63 characters'));
  if (!LABEL_VALUE.test(value)) causes.push(invalid(field, value, LABEL_VALUE_MESSAGE));
  return causes;
}

export function labelsErrors(field: string, labels: unknown): Causes {
  if (labels === undefined || labels === null) return [];
  const causes: Causes = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    causes.push(...qualifiedNameErrors(field, key));
    if (typeof value !== 'string') causes.push(invalid(field, value, 'label values must be strings'));
    else causes.push(...labelValueErrors(field, value));
  }
  return causes;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function annotationsErrors(field: string, annotations: unknown): Causes {
  if (annotations === undefined || annotations === null) return [];
  const causes: Causes = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    causes.push(...qualifiedNameErrors(field, key.toLowerCase()));
    size += key.length + String(value).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) causes.push(tooLong(field, TOTAL_ANNOTATION_SIZE));
  return causes;
}

/** IANA service names, the form of named ports. */
export function portNameErrors(field: string, value: string): Causes {
  if (value.length > 15) return [invalid(field, value, 'must be no more than 15 characters')];
  if (!IANA_SVC_NAME.test(value)) return [invalid(field, value, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")];
  if (value.includes('--')) return [invalid(field, value, 'must not contain consecutive hyphens')];
  if (!/[a-z]/.test(value)) return [invalid(field, value, 'must contain at least one letter (a-z)')];
  return [];
}

export function envVarNameErrors(field: string, value: string): Causes {
  return ENV_VAR_NAME.test(value) ? [] : [invalid(field, value, ENV_VAR_MESSAGE)];
}

export function portNumberErrors(field: string, value: unknown): Causes {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    return [invalid(field, value, 'must be between 1 and 65535, inclusive')];
  }
  return [];
}

/** A port given as number or IANA name (probe ports, Service targetPort). */
export function portNumberOrNameErrors(field: string, value: unknown): Causes {
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return portNumberErrors(field, Number(value));
    return portNameErrors(field, value);
  }
  return portNumberErrors(field, value);
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255 && String(Number(part)) === part);
}

export function isIP(value: string): boolean {
  return isIPv4(value) || (value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value));
}
