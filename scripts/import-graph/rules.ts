import type { ImportEdge, ImportGraph } from './import-graph.ts';

/**
 * The house import rules (STYLE.md, "Import rules worth enforcing"), as data. A rule looks at one
 * resolved import and says whether it breaks the layering; packages and computed imports never do.
 */
export interface ImportRule {
  id: string;
  /** The rule in one sentence, printed with its violations. */
  description: string;
  /** True when the importing file is one the rule speaks about. */
  appliesTo(file: string): boolean;
  /** True when importing `edge.target` from `edge.from` breaks the rule. */
  forbids(edge: ImportEdge & { target: string }): boolean;
}

/** A rule broken at one place: `file:line → target`. */
export interface Violation {
  rule: string;
  file: string;
  line: number;
  /** The resolved file imported, or `.only(` for an exclusive test. */
  target: string;
  specifier: string | undefined;
}

/** A known violation the tree is allowed to keep until its fix lands; each carries the why. */
export interface AllowedViolation {
  rule: string;
  file: string;
  target: string;
  reason: string;
}

export const EXCLUSIVE_TEST_RULE = 'no-exclusive-tests';
export const EXCLUSIVE_TEST_DESCRIPTION = 'no test file calls .only( (it silently drops every other test of the run)';

const under = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
/** Test code: `*.test.ts` and helpers in a `testing/` folder. */
const isTestCode = (path: string): boolean => /\.test\.\w+$/.test(path) || path.split('/').includes('testing');
/** The components that, like a kubelet or a controller manager, must see the API server only through its API. */
const COMPONENT_FOLDERS = ['controllers', 'scheduler', 'kubelet', 'proxy', 'dns'].map((name) => `reference-impl/${name}`);
const isComponent = (path: string): boolean => COMPONENT_FOLDERS.some((folder) => under(path, folder));

/**
 * Contracts the API server publishes for components to implement: type-only imports of these are
 * the interface of a plug-in point (the kubelet provides the ConnectHandler the API server calls),
 * not a way around the API.
 */
export const API_SERVER_CONTRACTS = ['reference-impl/api-server/connect/index.ts'];

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    id: 'suites-use-framework-only',
    description: 'suites/** imports only suites/**, src/framework/**, src/catalog/**, src/errors.ts and packages',
    appliesTo: (file) => under(file, 'suites'),
    forbids: ({ target }) =>
      !(under(target, 'suites') || under(target, 'src/framework') || under(target, 'src/catalog') || target === 'src/errors.ts'),
  },
  {
    // What suites may import must not pull the runner in behind their back.
    id: 'framework-and-catalog-below-runner',
    description: 'src/framework/** and src/catalog/** import only each other, src/errors.ts and packages (suites rely on them alone)',
    appliesTo: (file) => under(file, 'src/framework') || under(file, 'src/catalog'),
    forbids: ({ target }) => !(under(target, 'src/framework') || under(target, 'src/catalog') || target === 'src/errors.ts'),
  },
  {
    id: 'src-does-not-import-reference-impl',
    description: 'src/** never imports reference-impl/**, except src/cli/reference.ts (the command that starts it)',
    appliesTo: (file) => under(file, 'src') && file !== 'src/cli/reference.ts',
    forbids: ({ target }) => under(target, 'reference-impl'),
  },
  {
    // The reference implementation is one cluster among those the runner certifies: it knows nothing of kcert.
    id: 'reference-impl-stands-alone',
    description: 'reference-impl/** never imports src/**, suites/**, bench/** or compat/**',
    appliesTo: (file) => under(file, 'reference-impl'),
    forbids: ({ target }) => ['src', 'suites', 'bench', 'compat'].some((folder) => under(target, folder)),
  },
  {
    id: 'store-behind-api-server',
    description: 'inside reference-impl, only api-server/** and cluster.ts (which opens the store) import store/**',
    appliesTo: (file) =>
      under(file, 'reference-impl') &&
      !under(file, 'reference-impl/store') &&
      !under(file, 'reference-impl/api-server') &&
      file !== 'reference-impl/cluster.ts',
    forbids: ({ target }) => under(target, 'reference-impl/store'),
  },
  {
    id: 'components-talk-through-client',
    description:
      'controllers, scheduler, kubelet, proxy and dns reach the API server through reference-impl/client/**, never by importing ' +
      'reference-impl/api-server/** (allowed: type-only imports of its published contracts; test code may start api-server/testing/**)',
    appliesTo: isComponent,
    forbids: ({ from, target, typeOnly }) => {
      if (!under(target, 'reference-impl/api-server')) return false;
      if (typeOnly && API_SERVER_CONTRACTS.includes(target)) return false;
      return !(isTestCode(from) && under(target, 'reference-impl/api-server/testing'));
    },
  },
  {
    id: 'api-server-knows-no-component',
    description:
      'reference-impl/api-server/** never imports the components (controllers, scheduler, kubelet, proxy, dns): ' +
      'they plug in through contracts such as api-server/connect/index.ts',
    appliesTo: (file) => under(file, 'reference-impl/api-server'),
    forbids: ({ target }) => isComponent(target),
  },
];

/** Every place the graph breaks a rule, in file order. */
export function findViolations(graph: ImportGraph, rules: readonly ImportRule[] = IMPORT_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const edge of graph.edges) {
    if (edge.target === undefined) continue;
    const resolved = { ...edge, target: edge.target };
    for (const rule of rules) {
      if (rule.appliesTo(edge.from) && rule.forbids(resolved)) {
        violations.push({ rule: rule.id, file: edge.from, line: edge.line, target: edge.target, specifier: edge.specifier });
      }
    }
  }
  for (const only of graph.exclusiveTests) {
    violations.push({ rule: EXCLUSIVE_TEST_RULE, file: only.file, line: only.line, target: '.only(', specifier: undefined });
  }
  return violations;
}

export interface CheckedViolations {
  /** Violations no allow-list entry covers: these fail the check. */
  unexpected: Violation[];
  /** Violations covered by an allow-list entry. */
  allowed: Violation[];
  /** Allow-list entries that match nothing any more: their fix has landed, remove them. */
  stale: AllowedViolation[];
}

/** Splits violations into the ones an allow-list entry (same rule, file and target) covers and the rest. */
export function applyAllowList(violations: readonly Violation[], allowList: readonly AllowedViolation[]): CheckedViolations {
  const matches = (entry: AllowedViolation, violation: Violation): boolean =>
    entry.rule === violation.rule && entry.file === violation.file && entry.target === violation.target;
  return {
    unexpected: violations.filter((violation) => !allowList.some((entry) => matches(entry, violation))),
    allowed: violations.filter((violation) => allowList.some((entry) => matches(entry, violation))),
    stale: allowList.filter((entry) => !violations.some((violation) => matches(entry, violation))),
  };
}

/** `[rule] file:line → target ('specifier')`, one violation a line. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => `  [${v.rule}] ${v.file}:${v.line} → ${v.target}${v.specifier && v.specifier !== v.target ? ` ('${v.specifier}')` : ''}`)
    .join('\n');
}
