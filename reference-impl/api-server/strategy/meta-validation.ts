/** ObjectMeta and LabelSelector validation shared by every kind. */
import { asList, asObject, asValues, forbidden, invalid, required, type Causes, type Json } from './field-errors.js';
import { labelSelectorMatches, type LabelSelectorLike } from '../../shared/label-selector.ts';
import { annotationsErrors, labelsErrors, labelValueErrors, qualifiedNameErrors } from './name-rules.js';

export function validateObjectMeta(meta: Json, path = 'metadata'): Causes {
  const causes: Causes = [];
  causes.push(...labelsErrors(`${path}.labels`, meta.labels));
  causes.push(...annotationsErrors(`${path}.annotations`, meta.annotations));
  let controllers = 0;
  asList(meta.ownerReferences).forEach((reference, index) => {
    const at = `${path}.ownerReferences[${index}]`;
    for (const field of ['apiVersion', 'kind', 'name', 'uid'] as const) {
      if (typeof reference[field] !== 'string' || reference[field] === '') {
        causes.push(invalid(`${at}.${field}`, reference[field] ?? '', `${field} must not be empty`));
      }
    }
    if (reference.controller === true) controllers++;
  });
  if (controllers > 1) {
    causes.push(invalid(`${path}.ownerReferences`, meta.ownerReferences, 'Only one reference can have Controller set to true'));
  }
  asValues(meta.finalizers).forEach((finalizer, index) => {
    if (typeof finalizer !== 'string') causes.push(invalid(`${path}.finalizers[${index}]`, finalizer, 'must be a string'));
    else if (!finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer)) {
      causes.push(invalid(`${path}.finalizers[${index}]`, finalizer, 'name is neither a standard finalizer name nor is it fully qualified'));
    } else causes.push(...qualifiedNameErrors(`${path}.finalizers[${index}]`, finalizer));
  });
  return causes;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function validateLabelSelector(selector: Json, path: string): Causes {
  const causes: Causes = [];
  causes.push(...labelsErrors(`${path}.matchLabels`, selector.matchLabels));
  asList(selector.matchExpressions).forEach((expression, index) => {
    const at = `${path}.matchExpressions[${index}]`;
    if (typeof expression.key !== 'string' || expression.key === '') causes.push(required(`${at}.key`));
    else causes.push(...qualifiedNameErrors(`${at}.key`, expression.key));
    const values = asValues(expression.values);
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) causes.push(required(`${at}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) causes.push(forbidden(`${at}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
        break;
      default:
        causes.push(invalid(`${at}.operator`, expression.operator ?? '', 'not a valid selector operator'));
    }
    values.forEach((value, valueIndex) => {
      if (typeof value === 'string') causes.push(...labelValueErrors(`${at}.values[${valueIndex}]`, value));
    });
  });
  return causes;
}

/** Does a LabelSelector select these labels (matchLabels and matchExpressions)? Tolerates malformed JSON: validation reports it. */
export function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  const normalized: LabelSelectorLike = {
    matchLabels: asObject(selector.matchLabels) as Record<string, string>,
    matchExpressions: asList(selector.matchExpressions).map((expression) => ({
      key: expression.key,
      operator: expression.operator,
      values: asValues(expression.values) as string[],
    })),
  };
  return labelSelectorMatches(normalized, labels);
}

export function isEmptySelector(selector: Json): boolean {
  return Object.keys(asObject(selector.matchLabels)).length === 0 && asList(selector.matchExpressions).length === 0;
}

