import { AREAS, type Area, type ConformanceTest, type Profile } from '../catalog/types.js';
import { UsageError } from '../errors.js';

export interface Selection {
  /** Areas to run; empty means all. */
  suites: Area[];
  /** core runs core tests; extended runs core and extended tests (extended is a superset). */
  profile: Profile;
  focus?: RegExp;
  skip?: RegExp;
}

export interface Plan {
  selected: ConformanceTest[];
  /** Every catalog test that will not run, with the reason, for --dry-run. */
  excluded: Array<{ id: string; reason: string }>;
}

/** Parses the selection flags; every mistake is a UsageError naming the flag. */
export function parseSelection(flags: { suite?: string; profile?: string; focus?: string; skip?: string }): Selection {
  const suites = (flags.suite ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = suites.filter((name) => !(AREAS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown suite ${unknown.join(', ')} in --suite; pick from ${AREAS.join(', ')}`);
  const profile = flags.profile ?? 'core';
  if (profile !== 'core' && profile !== 'extended') throw new UsageError(`unknown profile "${profile}" in --profile; pick core or extended`);
  return { suites: suites as Area[], profile, focus: regex('--focus', flags.focus), skip: regex('--skip', flags.skip) };
}

function regex(flag: string, source: string | undefined): RegExp | undefined {
  if (source === undefined || source === '') return undefined;
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(`${flag} ${JSON.stringify(source)} is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The texts --focus and --skip match: the id, `area/id`, the MUST statement and every upstream codename,
 * so `--focus '\[sig-apps\]'` works as it does with upstream's e2e.test.
 */
export function selectionTexts(test: ConformanceTest): string[] {
  return [test.id, `${test.area}/${test.id}`, test.description, ...test.upstream];
}

/** Pure: which tests of the catalog run, in catalog order, and why the others do not. */
export function planRun(catalog: readonly ConformanceTest[], selection: Selection): Plan {
  const plan: Plan = { selected: [], excluded: [] };
  for (const test of catalog) {
    const reason = exclusionReason(test, selection);
    if (reason) plan.excluded.push({ id: test.id, reason });
    else plan.selected.push(test);
  }
  return plan;
}

function exclusionReason(test: ConformanceTest, selection: Selection): string | undefined {
  if (selection.suites.length > 0 && !selection.suites.includes(test.area)) return `suite ${test.area} not selected`;
  if (selection.profile === 'core' && test.profile !== 'core') return 'extended profile not selected';
  const texts = selectionTexts(test);
  if (selection.focus && !texts.some((text) => selection.focus!.test(text))) return `does not match --focus ${selection.focus.source}`;
  if (selection.skip && texts.some((text) => selection.skip!.test(text))) return `matches --skip ${selection.skip.source}`;
  return undefined;
}
