// The compatibility lane inside `npm test`. The real lane (builds, two control planes, ~an hour of
// e2e) is `npm run compat`; here we only check, in seconds, that its committed record is consistent
// and current, and, when the upstream binaries are cached, that e2e.test still knows every codename
// the lane focuses on. Without cached binaries that part is skipped with one line saying why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UPSTREAM_CODENAMES } from './conformance-codenames.js';
import { focusRegex } from './e2e-focus.js';
import { isSuiteNode, parseE2eJunit } from './e2e-junit.js';
import { loadCatalog } from './kcert-on-upstream.js';
import type { LaneResults } from './lane-results.js';
import { binDir, COMPAT_DIR, laneVersions, missingBinaries, REQUIRED_BINARIES } from './lane-env.js';
import { renderResultsMarkdown } from './results-markdown.js';
import { buildRecordsFromLog, parseOptions } from './run.js';

const resultsJson = join(COMPAT_DIR, 'results.json');
const resultsMd = join(COMPAT_DIR, 'RESULTS.md');

describe('compat lane', () => {
  describe('committed record (compat/results.json → compat/RESULTS.md)', () => {
    let results: LaneResults;
    before(function () {
      if (!existsSync(resultsJson)) {
        console.log('    compat lane record check skipped: compat/results.json does not exist yet (run npm run compat)');
        this.skip();
      }
      results = JSON.parse(readFileSync(resultsJson, 'utf8')) as LaneResults;
    });

    it('RESULTS.md is exactly what results.json renders to', () => {
      expect(readFileSync(resultsMd, 'utf8')).to.equal(renderResultsMarkdown(results));
    });

    it('is current: it was made with the versions compat/versions.sh pins', () => {
      const pinned = laneVersions({});
      expect(results.versions.kubernetes).to.equal(pinned.kubernetes);
      expect(results.versions.etcd).to.equal(pinned.etcd);
      expect(results.versions.kwok).to.equal(pinned.kwok);
    });

    it('direction 2 accounts for each of the 73 codenames exactly once when it ran in full', () => {
      const d2 = results.upstreamOnReference;
      if (d2.status !== 'ran') return void console.log(`    direction 2 status is ${d2.status}: ${d2.note.slice(0, 120)}`);
      expect(d2.tests.map((t) => t.codename).sort()).to.deep.equal(UPSTREAM_CODENAMES.map((c) => c.codename).sort());
      for (const t of d2.tests) if (t.result === 'failed') expect(t.reasonClass, t.codename).to.be.a('string');
    });

    it('direction 1 names every kcert test it ran at most once, each with a reason when it did not pass', async () => {
      const d1 = results.kcertOnUpstream;
      const ids = d1.tests.map((t) => t.id);
      expect(new Set(ids).size).to.equal(ids.length);
      for (const t of d1.tests) if (t.result !== 'passed') expect(t.reason, t.id).to.be.a('string').and.not.empty;
      const catalog = await loadCatalog();
      const missing = catalog.filter((c) => !ids.includes(c.id)).map((c) => c.id);
      if (d1.status === 'ran' && missing.length) {
        console.log(`    note: ${missing.length} catalog tests are newer than the last direction-1 run (npm run compat -- --direction 1): ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ' …' : ''}`);
      }
    });
  });

  describe('cached upstream binaries', () => {
    before(function () {
      const missing = missingBinaries([...REQUIRED_BINARIES.upstreamControlPlane, ...REQUIRED_BINARIES.e2e]);
      if (missing.length) {
        console.log(`    compat lane skipped: upstream binaries not cached in ${binDir()} (missing ${missing.join(', ')}; npm run compat builds them)`);
        this.skip();
      }
    });

    it('e2e.test has every codename, and the lane focus selects exactly those 73 specs (ginkgo dry run)', function () {
      this.timeout(90_000); // about a second on an idle machine; much longer under a loaded npm test
      const dir = mkdtempSync(join(tmpdir(), 'kcert-compat-dry-'));
      try {
        const focus = focusRegex(UPSTREAM_CODENAMES.map((c) => c.codename));
        execFileSync(join(binDir(), 'e2e.test'), ['--ginkgo.dry-run', `--ginkgo.focus=${focus}`, '--provider=skeleton', `--report-dir=${dir}`], { cwd: dir, stdio: 'ignore' });
        const ran = parseE2eJunit(readFileSync(join(dir, 'junit_01.xml'), 'utf8')).filter((c) => !isSuiteNode(c.name) && c.status === 'passed');
        expect(ran.map((c) => c.name).sort()).to.deep.equal(UPSTREAM_CODENAMES.map((c) => c.codename).sort());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the binaries report the pinned version', () => {
      const v = execFileSync(join(binDir(), 'kube-apiserver'), ['--version'], { encoding: 'utf8' }).trim();
      expect(v).to.equal(`Kubernetes ${laneVersions({}).kubernetes}`);
    });
  });

  describe('lane helpers', () => {
    it('reads build times from the build log, the last figure per binary winning', () => {
      const log = '[build-upstream 11:00:00] k8s-mod took 16s\n[build-upstream 11:01:00] etcd took 37s\n[build-upstream 12:00:00] etcd took 12s\n[build-upstream 12:00:00] kwok took 72s\n';
      expect(buildRecordsFromLog(log, (n) => (n === 'kwok' ? 5 : undefined))).to.deep.equal([
        { name: 'etcd', seconds: 12, sizeBytes: undefined },
        { name: 'kwok', seconds: 72, sizeBytes: 5 },
      ]);
    });

    it('parses lane options and refuses unknown ones', () => {
      expect(parseOptions(['--direction', '2', '--shards', '4', '--skip-build'])).to.include({ direction: '2', shards: 4, skipBuild: true });
      expect(() => parseOptions(['--direction', '3'])).to.throw(/1, 2 or both/);
      expect(() => parseOptions(['--bogus'])).to.throw(/Unknown option '--bogus'/);
      expect(parseOptions(['--rescore', 'a', '--rescore', 'b', '--no-write'])).to.deep.include({ rescore: ['a', 'b'], write: false, direction: 'both', shards: 3 });
    });
  });
});
