import {
  formatLabelSelector,
  LabelSelectorSyntaxError,
  parseLabelSelector as parseSelectorString,
  requirementsMatch,
  type LabelSelectorLike,
  type Requirement,
} from '../shared/label-selector.ts';
import { badRequest } from './status.ts';

/**
 * Label and field selectors as kube-apiserver parses them (apimachinery pkg/labels, pkg/fields).
 * Pure functions: parse once per request, then match every object. The label grammar itself lives
 * in reference-impl/shared/label-selector.ts (shared with the controllers and the scheduler); this
 * file adds the API server's error mapping (400) and the field selectors.
 */
export type { Operator, Requirement } from '../shared/label-selector.ts';

/** Parses `labelSelector`; a malformed one is a 400 as kube-apiserver answers. */
export function parseLabelSelector(selector: string | undefined | null): Requirement[] {
  try {
    return parseSelectorString(selector);
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) throw badRequest(error.message);
    throw error;
  }
}

export function matchesLabels(requirements: Requirement[], labels: Record<string, string> | undefined): boolean {
  return requirementsMatch(requirements, labels);
}

/** metav1.LabelSelector in its string form (Scale.status.selector), as metav1.FormatLabelSelector prints it but '' when empty. */
export function labelSelectorToString(selector: LabelSelectorLike | undefined): string {
  return formatLabelSelector(selector);
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
