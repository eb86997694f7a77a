import { badRequest } from './status.ts';

/**
 * Label and field selectors as kube-apiserver parses them (apimachinery pkg/labels, pkg/fields).
 * Pure functions: parse once per request, then match every object.
 */
export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string, selector: string): void {
  if (!KEY.test(key) || key.length > 316) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
}

function checkValue(value: string, selector: string): void {
  if (!VALUE.test(value) || value.length > 63) throw badRequest(`unable to parse requirement: invalid label value "${value}" in selector "${selector}"`);
}

/** Splits on commas outside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += char;
  }
  terms.push(current);
  return terms.map((term) => term.trim()).filter((term) => term.length > 0);
}

export function parseLabelSelector(selector: string | undefined): Requirement[] {
  if (!selector || selector.trim() === '') return [];
  return splitTerms(selector).map((term) => parseLabelTerm(term, selector));
}

function parseLabelTerm(term: string, selector: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, 'in' | 'notin', string];
    checkKey(key, selector);
    const values = list.split(',').map((value) => value.trim());
    values.forEach((value) => checkValue(value, selector));
    return { key, operator: op, values };
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    checkKey(key, selector);
    return { key, operator: '!', values: [] };
  }
  const comparison = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(term);
  if (comparison) {
    const [, key, op, value] = comparison as unknown as [string, string, string, string];
    checkKey(key, selector);
    if (op === '<' || op === '>') {
      if (!/^-?\d+$/.test(value)) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in selector "${selector}"`);
      return { key, operator: op === '<' ? 'lt' : 'gt', values: [value] };
    }
    checkValue(value.trim(), selector);
    return { key, operator: op === '!=' ? '!=' : '=', values: [value.trim()] };
  }
  checkKey(term, selector);
  return { key: term, operator: 'exists', values: [] };
}

export function matchesLabels(requirements: Requirement[], labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return requirements.every((req) => {
    const has = Object.prototype.hasOwnProperty.call(actual, req.key);
    const value = actual[req.key];
    switch (req.operator) {
      case '=':
      case 'in':
        return has && req.values.includes(value!);
      case '!=':
      case 'notin':
        return !has || !req.values.includes(value!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
        return has && /^-?\d+$/.test(value!) && Number(value) > Number(req.values[0]);
      case 'lt':
        return has && /^-?\d+$/.test(value!) && Number(value) < Number(req.values[0]);
    }
  });
}

/** metav1.LabelSelector → requirements (for objects that carry a selector, e.g. Scale status). */
export function labelSelectorToString(selector: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort().join(',');
    if (expr.operator === 'In') parts.push(`${expr.key} in (${values})`);
    else if (expr.operator === 'NotIn') parts.push(`${expr.key} notin (${values})`);
    else if (expr.operator === 'Exists') parts.push(expr.key);
    else if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.join(',');
}

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/** `a=b,c!=d`; values are not validated beyond the grammar (upstream accepts any string). */
export function parseFieldSelector(selector: string | undefined, supported: ReadonlySet<string>): FieldRequirement[] {
  if (!selector || selector.trim() === '') return [];
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .map((term) => {
      const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
      if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
      const [, field, op, value] = match as unknown as [string, string, string, string];
      if (!supported.has(field)) throw badRequest(`field label not supported: ${field}`);
      return { field, equal: op !== '!=', value };
    });
}

export function matchesFields(requirements: FieldRequirement[], fields: Record<string, string>): boolean {
  return requirements.every((req) => (fields[req.field] === req.value) === req.equal);
}
