/**
 * Selector matching for the controllers. LabelSelector objects go through the one shared
 * implementation (reference-impl/shared/label-selector.ts); what stays here is the plain-map
 * selector of Services and ReplicationControllers, whose "empty selects nothing" rule is theirs.
 */
export { labelSelectorMatches as selectorMatches } from '../../shared/label-selector.ts';

/** A plain map selector (ReplicationController, Service): every pair must match; empty matches nothing (as upstream's SelectorFromValidatedSet treats services). */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}
