import { fileURLToPath } from 'node:url';
import { readImportGraph, type ImportGraph } from './import-graph.ts';
import { KNOWN_VIOLATIONS } from './known-violations.ts';
import {
  applyAllowList, EXCLUSIVE_TEST_DESCRIPTION, EXCLUSIVE_TEST_RULE, findViolations, formatViolations, IMPORT_RULES,
  type AllowedViolation, type CheckedViolations,
} from './rules.ts';

/** Checks a graph against the house import rules and the allow-list of known violations. */
export function checkGraph(graph: ImportGraph, allowList: readonly AllowedViolation[] = KNOWN_VIOLATIONS): CheckedViolations {
  return applyAllowList(findViolations(graph), allowList);
}

/** Reads the tree at `root` and checks it. */
export function checkArchitecture(root: string, allowList: readonly AllowedViolation[] = KNOWN_VIOLATIONS): CheckedViolations {
  return checkGraph(readImportGraph(root), allowList);
}

/** The report a failing check prints: each unexpected violation as `file:line → import`, then what each broken rule says. */
export function describeUnexpected(checked: CheckedViolations): string {
  const broken = new Set(checked.unexpected.map((violation) => violation.rule));
  const rules = IMPORT_RULES.filter((rule) => broken.has(rule.id)).map((rule) => `  ${rule.id}: ${rule.description}`);
  if (broken.has(EXCLUSIVE_TEST_RULE)) rules.push(`  ${EXCLUSIVE_TEST_RULE}: ${EXCLUSIVE_TEST_DESCRIPTION}`);
  return `${checked.unexpected.length} import rule violation(s):\n${formatViolations(checked.unexpected)}\nrules:\n${rules.join('\n')}`;
}

/** `node --import tsx scripts/import-graph/check-architecture.ts`: prints what the check finds; exit 1 on anything to fix. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const graph = readImportGraph(fileURLToPath(new URL('../..', import.meta.url)));
  const checked = checkGraph(graph);
  if (checked.unexpected.length > 0) console.log(describeUnexpected(checked));
  console.log(`known violations still present (${checked.allowed.length}):\n${formatViolations(checked.allowed)}`);
  for (const entry of checked.stale) console.log(`stale allow-list entry (fixed, remove it): [${entry.rule}] ${entry.file} → ${entry.target}`);
  for (const file of graph.unreadable) console.log(`the scanner lost step in ${file}: its imports may be missing`);
  const clean = checked.unexpected.length === 0 && checked.stale.length === 0 && graph.unreadable.length === 0;
  console.log(`${graph.files.length} files, ${graph.edges.length} imports checked: ${clean ? 'clean' : 'see above'}`);
  process.exitCode = clean ? 0 : 1;
}
