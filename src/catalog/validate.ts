import { AREAS, PROFILES, type ConformanceTest } from './types.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/**
 * An upstream conformance codename as conformance.yaml spells it: a `[sig-x]` prefix, a spec text, and the
 * `[Conformance]` tag last; single spaces, no surrounding whitespace.
 */
const CODENAME = /^\[sig-[a-z0-9-]+\] \S(?:.*\S)? \[Conformance\]$/;

export interface CatalogProblem {
  id: string;
  problem: string;
}

export interface ValidateOptions {
  /** Whether suites/<area>/<id>.ts exists; omitted in unit tests that only check metadata. */
  fileExists?: (area: string, id: string) => boolean;
}

/** Pure checks of the catalog's metadata; every problem found, not just the first. */
export function validateCatalog(tests: readonly ConformanceTest[], options: ValidateOptions = {}): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  for (const test of tests) {
    const id = typeof test.id === 'string' ? test.id : String(test.id);
    const report = (problem: string) => problems.push({ id, problem });
    if (seen.has(id)) report('duplicate id');
    seen.add(id);
    if (!KEBAB.test(id)) report('id is not kebab-case');
    if (!(AREAS as readonly string[]).includes(test.area)) report(`unknown area "${test.area}" (known: ${AREAS.join(', ')})`);
    if (!(PROFILES as readonly string[]).includes(test.profile)) report(`unknown profile "${test.profile}"`);
    if (!/\bMUST\b/.test(test.description ?? '')) report('description has no MUST / MUST NOT statement');
    if (typeof test.run !== 'function') report('run is not a function');
    if (!Array.isArray(test.upstream)) report('upstream is not an array');
    for (const codename of test.upstream ?? []) {
      if (!CODENAME.test(codename)) report(`malformed upstream codename "${codename}"`);
    }
    if (new Set(test.upstream ?? []).size !== (test.upstream ?? []).length) report('upstream lists a codename twice');
    if (test.profile === 'extended' && !test.source) report('extended test names no source (API reference or KEP)');
    if (options.fileExists && (AREAS as readonly string[]).includes(test.area) && !options.fileExists(test.area, id)) {
      report(`id does not match a file: expected ${test.area}/${id}.ts`);
    }
  }
  return problems;
}
