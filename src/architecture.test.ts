import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { checkArchitecture, checkGraph, describeUnexpected } from '../scripts/import-graph/check-architecture.ts';
import { extractImports, findExclusiveTests } from '../scripts/import-graph/extract-imports.ts';
import { readImportGraph, type ImportGraph } from '../scripts/import-graph/import-graph.ts';
import { KNOWN_VIOLATIONS } from '../scripts/import-graph/known-violations.ts';
import { maskSource } from '../scripts/import-graph/mask-source.ts';
import { IMPORT_RULES, type CheckedViolations, type Violation } from '../scripts/import-graph/rules.ts';

const ONLY = '.' + 'only';

/**
 * The house import rules (STYLE.md) checked over the whole repository: suites see only the
 * framework and catalog (which themselves stay below the runner), src/ does not reach into
 * reference-impl/ but through the reference command, the reference implementation knows nothing
 * of kcert, only the API server holds the store, components and API server meet only through the
 * client and published contracts, and no test runs exclusively. The rules are data in
 * scripts/import-graph/rules.ts; known violations are listed, with their fix, in
 * scripts/import-graph/known-violations.ts until the fix lands. Outside mocha:
 * `node --import tsx scripts/import-graph/check-architecture.ts`.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const asLines = (violations: readonly Violation[]): string[] => violations.map((v) => `${v.rule} ${v.file} → ${v.target}`).sort();

describe('house import rules', () => {
  let graph: ImportGraph;
  let checked: CheckedViolations;
  before(() => {
    graph = readImportGraph(ROOT);
    checked = checkGraph(graph);
  });

  it('the tree breaks no import rule beyond the known violations', () => {
    expect(checked.unexpected, describeUnexpected(checked)).to.deep.equal([]);
  });

  it('every known violation is still there (an entry whose fix has landed must be removed)', () => {
    const stale = checked.stale.map((entry) => `${entry.rule} ${entry.file} → ${entry.target}`);
    expect(stale, 'remove these entries from scripts/import-graph/known-violations.ts').to.deep.equal([]);
  });

  it('every rule speaks about files that exist, so none passes by matching nothing', () => {
    const { files } = graph;
    expect(files.length).to.be.greaterThan(100);
    for (const rule of IMPORT_RULES) expect(files.some(rule.appliesTo), `${rule.id} applies to no file`).to.equal(true);
    for (const entry of KNOWN_VIOLATIONS) expect(entry.reason, `${entry.file} → ${entry.target}`).to.match(/\w{3,}/);
  });

  it('the scanner reads every file in step with its code, so no import goes unseen', () => {
    expect(graph.unreadable, 'files the import scanner misreads (fix scripts/import-graph/mask-source.ts)').to.deep.equal([]);
  });
});

describe('the import checker on a fake tree that breaks every rule', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kcert-architecture-'));
    for (const [path, source] of Object.entries(FAKE_TREE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), source);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports each violation as rule, file and import, and nothing that keeps the rules', () => {
    expect(asLines(checkArchitecture(root, []).unexpected)).to.deep.equal(EXPECTED_FAKE_VIOLATIONS);
  });

  it('names the line and the specifier as written in the failure message', () => {
    const message = describeUnexpected(checkArchitecture(root, []));
    expect(message).to.contain("src/runner/bad-runner.ts:2 → reference-impl/faults.ts ('../../reference-impl/faults.js')");
    expect(message).to.contain('src-does-not-import-reference-impl: src/** never imports reference-impl/**');
  });

  it('lets an allow-list entry cover its violation and reports an entry that matches nothing as stale', () => {
    const covering = { rule: 'src-does-not-import-reference-impl', file: 'src/runner/bad-runner.ts', target: 'reference-impl/faults.ts', reason: 'test' };
    const fixed = { rule: 'store-behind-api-server', file: 'reference-impl/proxy/gone.ts', target: 'reference-impl/store/index.ts', reason: 'test' };
    const result = checkArchitecture(root, [covering, fixed]);
    expect(asLines(result.allowed)).to.deep.equal(['src-does-not-import-reference-impl src/runner/bad-runner.ts → reference-impl/faults.ts']);
    expect(result.stale).to.deep.equal([fixed]);
    expect(result.unexpected).to.have.length(EXPECTED_FAKE_VIOLATIONS.length - 1);
  });
});

describe('extractImports', () => {
  it('finds static, multi-line, export-from, side-effect, dynamic and require imports with their lines', () => {
    const source = [
      "import { a } from './a.js';", // 1
      'import {', // 2
      '  b,',
      '  c,',
      "} from '../b.ts';", // 5
      "export * from './c.js';", // 6
      "export { d as e } from './d.js'; import './side-effect.js';", // 7
      "const m = await import('./lazy.js');", // 8
      "const n = await import(`./templated.js`);", // 9
      "const o = require('./required.cjs'); import fs = require('node:fs');", // 10
      'export const value = 1;', // 11: not an import
    ].join('\n');
    const found = extractImports(source).map((ref) => `${ref.line} ${ref.kind} ${ref.specifier}`);
    expect(found).to.deep.equal([
      '1 import ./a.js',
      '2 import ../b.ts',
      '6 export-from ./c.js',
      '7 export-from ./d.js',
      '7 side-effect ./side-effect.js',
      '8 dynamic ./lazy.js',
      '9 dynamic undefined',
      '10 require ./required.cjs',
      '10 import-equals node:fs',
    ]);
  });

  it('tells type-only imports from imports that load the module', () => {
    const source = [
      "import type { A } from './types-a.js';",
      "import { type B, type C as D } from './types-b.js';",
      "import { type E, f } from './mixed.js';",
      "import G, { type H } from './default.js';",
      "export type { I } from './types-i.js';",
      "let scope: import('./scope.js').Scope;",
      "type J = import('./types-j.js').J;",
      "const k = await import('./value.js');",
    ].join('\n');
    const typeOnly = Object.fromEntries(extractImports(source).map((ref) => [ref.specifier, ref.typeOnly]));
    expect(typeOnly).to.deep.equal({
      './types-a.js': true, './types-b.js': true, './mixed.js': false, './default.js': false,
      './types-i.js': true, './scope.js': true, './types-j.js': true, './value.js': false,
    });
  });

  it('ignores import-like text in comments, strings, template literals and regular expressions', () => {
    const source = [
      "// import { x } from '../../reference-impl/cluster.js';",
      "/* export * from './commented.js'; */",
      "const text = \"import { y } from './in-string.js'\";",
      'const suite = `',
      "import { z } from '${\"./in-template.js\"}';",
      '`;',
      "const pattern = /import '[^']+'/g; const half = 4 / 2; import { real } from './real.js';",
    ].join('\n');
    expect(extractImports(source).map((ref) => ref.specifier)).to.deep.equal(['./real.js']);
  });

  it('finds .only( calls in code but not in comments or strings', () => {
    // The fixture's `.only` is spelled through ONLY so that text searches for left-over `.only(` calls
    // (such as the before-stop hook's grep) do not flag this test itself.
    const source = [
      "describe('a', () => {", // 1
      `  it${ONLY}('runs alone', () => {});`, // 2
      `  // it${ONLY}('commented', () => {});`, // 3
      `  const note = 'describe${ONLY}(';`, // 4
      "  describe .only ('spaced', () => {});", // 5
      '});',
    ].join('\n');
    expect(findExclusiveTests(source)).to.deep.equal([2, 5]);
  });

  it('tells whether it kept step with the code to the end of the file', () => {
    expect(maskSource('const a = `x${ {b: 1}.b }y`; const r = /`{/; if (a) { }').inStep).to.equal(true);
    expect(maskSource('const a = `never closed;').inStep).to.equal(false);
    expect(maskSource('/* never closed').inStep).to.equal(false);
    expect(maskSource('function f() {').inStep).to.equal(false);
  });
});

/** A tiny repository in which every rule is broken at least once, next to imports that keep it. */
const FAKE_TREE: Record<string, string> = {
  'suites/area/bad-suite.ts': [
    "import { defineConformanceTest } from '../../src/catalog/types.js';",
    "import { IMAGES } from '../../src/framework/images.js';",
    "import { CheckError } from '../../src/errors.js';",
    "import { helper } from '../helpers.js';",
    "import { expect } from 'chai';",
    "// import { startCluster } from '../../reference-impl/faults.js'; (a comment, not an import)",
    "import { startCluster } from '../../reference-impl/cluster.js';",
    "import type { RunOptions } from '../../src/runner/run.js';",
    "export { writeJunit } from '../../src/report/junit.js';",
    "const cli = await import('../../src/cli/main.js');",
  ].join('\n'),
  'suites/helpers.ts': "export const helper = 1;\n",
  'src/runner/bad-runner.ts': "import { plan } from './plan.js';\nimport { FAULTS } from '../../reference-impl/faults.js';\n",
  'src/cli/reference.ts': "import { startCluster } from '../../reference-impl/cluster.js';\n",
  'reference-impl/cluster.ts': "import { openStore } from './store/index.js';\nimport { kubeletComponent } from './kubelet/component.js';\n",
  'reference-impl/api-server/server.ts': "import { openStore } from '../store/index.js';\nimport { Kubelet } from '../kubelet/kubelet.js';\n",
  'reference-impl/dns/records.ts': "import { ApiClient } from '../client/index.js';\nimport type { Store } from '../store/types.js';\n",
  'reference-impl/controllers/replicaset/reconcile.ts': [
    "import { ApiClient } from '../../client/index.js';",
    "import type { ConnectHandler } from '../../api-server/connect/index.js';",
    "import { createServer } from '../../api-server/server.js';",
  ].join('\n'),
  'reference-impl/kubelet/component.ts': "import { type ConnectHandler } from '../api-server/connect/index.js';\n",
  'reference-impl/proxy/component.ts': "import { ConnectHandler } from '../api-server/connect/index.js';\n",
  'reference-impl/controllers/testing/cluster.ts': "import { startTestApiServer } from '../../api-server/testing/test-api-server.js';\n",
  'reference-impl/scheduler/scheduler.ts': "import { startTestApiServer } from '../api-server/testing/test-api-server.js';\n",
  'src/runner/plan.test.ts': `describe${ONLY}('plan', () => {\n  it('selects', () => {});\n  // it${ONLY}('commented out')\n});\n`,
  'src/runner/plan.ts': "export function plan(): void {}\n",
  'bench/store-bench.ts': "import { openStore } from '../reference-impl/store/index.js';\n",
  'src/framework/waits.ts': "import { TIMEOUTS } from './timeouts.js';\nimport { CheckError } from '../errors.js';\nimport { runTests } from '../runner/run.js';\n",
  'src/catalog/types.ts': "import type { TestContext } from '../framework/context.js';\nimport type { Reporter } from '../report/reporter.js';\n",
  'reference-impl/kubelet/images/catalog.ts': "import { IMAGES } from '../../../src/framework/images.js';\n",
};

const EXPECTED_FAKE_VIOLATIONS = [
  'api-server-knows-no-component reference-impl/api-server/server.ts → reference-impl/kubelet/kubelet.ts',
  'components-talk-through-client reference-impl/controllers/replicaset/reconcile.ts → reference-impl/api-server/server.ts',
  'components-talk-through-client reference-impl/proxy/component.ts → reference-impl/api-server/connect/index.ts',
  'components-talk-through-client reference-impl/scheduler/scheduler.ts → reference-impl/api-server/testing/test-api-server.ts',
  'framework-and-catalog-below-runner src/catalog/types.ts → src/report/reporter.ts',
  'framework-and-catalog-below-runner src/framework/waits.ts → src/runner/run.ts',
  'no-exclusive-tests src/runner/plan.test.ts → .only(',
  'reference-impl-stands-alone reference-impl/kubelet/images/catalog.ts → src/framework/images.ts',
  'src-does-not-import-reference-impl src/runner/bad-runner.ts → reference-impl/faults.ts',
  'store-behind-api-server reference-impl/dns/records.ts → reference-impl/store/types.ts',
  'suites-use-framework-only suites/area/bad-suite.ts → reference-impl/cluster.ts',
  'suites-use-framework-only suites/area/bad-suite.ts → src/cli/main.ts',
  'suites-use-framework-only suites/area/bad-suite.ts → src/report/junit.ts',
  'suites-use-framework-only suites/area/bad-suite.ts → src/runner/run.ts',
];
