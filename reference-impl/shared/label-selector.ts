/**
 * Label selectors as apimachinery defines them (pkg/labels for the string form, metav1.LabelSelector
 * for the object form), in one place for the API server, the controllers and the scheduler.
 * Pure and dependency-free on purpose: it imports nothing else from reference-impl, so every
 * component may use it without breaking the import rules (scripts/import-graph/rules.ts).
 */

/** The operators of the string grammar (`a in (x)`, `a notin (x)`, `a`, `!a`, `a=b`, `a!=b`, `a>1`, `a<1`). */
export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** A metav1.LabelSelector (or its JSON): matchLabels ANDed with matchExpressions. */
export interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] }>;
}

/** A selector string that does not follow the grammar; callers turn it into their own error (the API server: 400). */
export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorSyntaxError';
  }
}

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const INTEGER = /^-?\d+$/;

function checkKey(key: string, selector: string): void {
  if (!KEY.test(key) || key.length > 316) throw new LabelSelectorSyntaxError(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
}

function checkValue(value: string, selector: string): void {
  if (!VALUE.test(value) || value.length > 63) throw new LabelSelectorSyntaxError(`unable to parse requirement: invalid label value "${value}" in selector "${selector}"`);
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

/** Parses the string form; an empty or absent selector yields no requirements (matches everything). */
export function parseLabelSelector(selector: string | undefined | null): Requirement[] {
  if (!selector || selector.trim() === '') return [];
  return splitTerms(selector).map((term) => parseTerm(term, selector));
}

function parseTerm(term: string, selector: string): Requirement {
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
      if (!INTEGER.test(value)) throw new LabelSelectorSyntaxError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in selector "${selector}"`);
      return { key, operator: op === '<' ? 'lt' : 'gt', values: [value] };
    }
    checkValue(value.trim(), selector);
    return { key, operator: op === '!=' ? '!=' : '=', values: [value.trim()] };
  }
  checkKey(term, selector);
  return { key: term, operator: 'exists', values: [] };
}

/** Does one requirement hold for a label's value (undefined: the label is absent)? */
export function requirementMatches(requirement: Requirement, value: string | undefined): boolean {
  const has = value !== undefined;
  switch (requirement.operator) {
    case '=':
    case 'in':
      return has && requirement.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !requirement.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
      return has && INTEGER.test(value) && Number(value) > Number(requirement.values[0]);
    case 'lt':
      return has && INTEGER.test(value) && Number(value) < Number(requirement.values[0]);
  }
}

function labelValue(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** Every requirement holds (no requirements: matches everything). */
export function requirementsMatch(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return requirements.every((requirement) => requirementMatches(requirement, labelValue(actual, requirement.key)));
}

const LABEL_SELECTOR_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
/** NodeSelectorRequirement also allows the numeric comparisons. */
const NODE_SELECTOR_OPERATORS: Record<string, Operator> = { ...LABEL_SELECTOR_OPERATORS, Gt: 'gt', Lt: 'lt' };

/** An API expression ({key, operator: 'In'|…, values}) as a requirement; undefined for an operator the kind does not allow. */
export function expressionRequirement(
  expression: { key: string; operator: string; values?: readonly string[] },
  kind: 'label' | 'node' = 'label',
): Requirement | undefined {
  const table = kind === 'node' ? NODE_SELECTOR_OPERATORS : LABEL_SELECTOR_OPERATORS;
  const operator = Object.hasOwn(table, expression.operator) ? table[expression.operator] : undefined;
  return operator ? { key: expression.key, operator, values: [...(expression.values ?? [])] } : undefined;
}

/**
 * metav1.LabelSelectorAsSelector semantics: an empty selector ({}) matches everything, an absent
 * one (undefined) matches nothing; an unknown operator matches nothing.
 */
export function labelSelectorMatches(selector: LabelSelectorLike | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (actual[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const requirement = expressionRequirement(expression);
    if (!requirement || !requirementMatches(requirement, labelValue(actual, expression.key))) return false;
  }
  return true;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The string form upstream prints (metav1.FormatLabelSelector / labels.Selector.String): requirements
 * sorted by key, set values sorted, `key=value` for matchLabels. '' for an absent or empty selector;
 * expressions with an unknown operator are left out.
 */
export function formatLabelSelector(selector: LabelSelectorLike | undefined): string {
  if (!selector) return '';
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] }));
  for (const expression of selector.matchExpressions ?? []) {
    const requirement = expressionRequirement(expression);
    if (requirement) requirements.push(requirement);
  }
  return requirements.sort(byKey).map(requirementToString).join(',');
}

export function requirementToString(requirement: Requirement): string {
  const values = [...requirement.values].sort();
  switch (requirement.operator) {
    case 'in':
    case 'notin':
      return `${requirement.key} ${requirement.operator} (${values.join(',')})`;
    case 'exists':
      return requirement.key;
    case '!':
      return `!${requirement.key}`;
    case '=':
    case '!=':
      return `${requirement.key}${requirement.operator}${values[0] ?? ''}`;
    case 'gt':
      return `${requirement.key}>${values[0] ?? ''}`;
    case 'lt':
      return `${requirement.key}<${values[0] ?? ''}`;
  }
}
