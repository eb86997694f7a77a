import { matchesLabels, parseLabelSelector } from '../selectors.ts';

/**
 * Label selectors as the HPA controller and kubectl top send them (`a=b,c!=d,e in (x,y),f,!g`), with
 * the same grammar as every other list (a malformed one is a 400, as metrics-server answers).
 */
export function parseSelector(text: string | null): (labels: Record<string, string>) => boolean {
  const requirements = parseLabelSelector(text);
  return (labels) => matchesLabels(requirements, labels);
}
