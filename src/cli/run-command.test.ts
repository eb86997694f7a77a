import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { IMAGES } from '../framework/images.js';
import type { RunEvent, RunReport } from '../report/model.js';
import { validateJunit } from '../report/validate-junit.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { writeInlineSuite } from './testing/inline-suite.js';
import { runCli, runMain, waitFor } from './testing/run-cli.js';

/**
 * Black-box runs of the real CLI against a live endpoint with an inline suite of a passing, a failing,
 * an erroring and a skipped test (plus one that waits to be interrupted, in the extended profile).
 */
describe('kcert run (black box)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: FakeApiServer;
  let kubeconfig: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcert-run-test-'));
    server = new FakeApiServer();
    await server.start();
    kubeconfig = join(dir, 'kubeconfig');
    await server.writeKubeconfig(kubeconfig);
    env = { KCERT_SUITES: await writeInlineSuite(join(dir, 'suite')) };
  });

  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const readReport = async (out: string) => JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunReport;
  const kcertNamespaces = () => [...server.namespaces.values()].filter((ns) => ns.metadata.labels?.['kcert.io/run-id']);

  it('runs the suite, exits 1 on a failure, and writes valid reports with evidence and no namespace left', async () => {
    const out = join(dir, 'out-full');
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--parallel', '2'], env);
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stdout).to.match(/PASS passes/).and.match(/FAIL fails/).and.match(/ERROR errors/).and.match(/SKIP skipped/);

    const report = await readReport(out);
    expect(report.schemaVersion).to.equal('kcert.io/results/v1');
    expect(report.status).to.equal('completed');
    expect(report.target.serverVersion).to.equal('v1.33.0-fake');
    expect(report.totals).to.include({ total: 4, passed: 1, failed: 1, error: 1, skipped: 1, notRun: 0 });
    const byId = Object.fromEntries(report.tests.map((test) => [test.id, test]));
    expect(byId.fails!.failure?.message).to.include('expected 2 to equal 3');
    expect(byId.fails!.evidence?.objects.map((o) => `${o.kind}/${o.name}`)).to.include('ConfigMap/evidence');
    expect(byId.fails!.steps[0]).to.include({ name: 'the replica count matches', outcome: 'failed' });
    expect(byId.errors!.failure?.code).to.equal('CHECK_ERROR');
    expect(byId.skipped!.reason).to.equal('needs a data plane');
    expect(byId.passes!.upstream).to.have.length(1);
    expect(byId.passes!.timings.teardownMs).to.be.a('number');

    const junit = await readFile(join(out, 'junit_01.xml'), 'utf8');
    expect(await validateJunit(junit)).to.deep.equal([]);
    expect(junit).to.include('name="[It] [sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]"');
    const log = await readFile(join(out, 'e2e.log'), 'utf8');
    expect(log).to.include('Kubernetes server version v1.33.0-fake');
    expect(log).to.match(/\[fails\] STEP FAILED the replica count matches/);
    expect(existsSync(join(out, 'report.html'))).to.equal(true);
    expect(kcertNamespaces()).to.deep.equal([]);
  });

  it('exits 0 when every selected test passes, --json streams events, and tests get remapped images', async () => {
    const out = join(dir, 'out-pass');
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--focus', '^passes$', '--json', '--image-repository', 'mirror.local/k8s'], env);
    expect(result.code, result.stderr).to.equal(0);
    expect(server.createdObjects.at(-1)?.data).to.deep.equal({ image: `mirror.local/k8s/${IMAGES.agnhost.split('/').pop()}` });
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
    expect(events[0]!.type).to.equal('run-started');
    expect(events.map((event) => event.type)).to.include.members(['test-started', 'step-finished', 'test-finished']);
    expect(events.at(-1)!.type).to.equal('run-finished');
  });

  it('retries transient API errors, and reports persistent ones as error, never failed', async () => {
    server.failNext(2, 503, /^POST \/api\/v1\/namespaces$/);
    const retried = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', join(dir, 'out-retry'), '--focus', '^passes$'], env);
    expect(retried.code, retried.stderr).to.equal(0);

    server.failNext(1000, 503, /^POST \/api\/v1\/namespaces$/);
    const out = join(dir, 'out-persistent');
    const persistent = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--focus', '^passes$', '--timeout-scale', '0.03'], env);
    server.clearFailures();
    expect(persistent.code, persistent.stderr).to.equal(1);
    const report = await readReport(out);
    expect(report.tests[0]).to.include({ result: 'error' });
    expect(report.tests[0]!.failure?.message).to.match(/kept failing with a transient error/);
  });

  it('on SIGINT stops, deletes the run namespaces, writes partial reports and exits 3', async () => {
    const out = join(dir, 'out-interrupted');
    const before = server.createdNamespaces.length;
    const result = await runCli(
      ['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--profile', 'extended', '--focus', '^(passes|waits-for-interrupt)$', '--parallel', '2'],
      env,
      (child) => {
        void waitFor('the waiting test to start', () => server.createdNamespaces.slice(before).some((name) => name.startsWith('kcert-waits-for-interrupt-')))
          .then(() => waitFor('the e2e.log to show it waiting', () => existsSync(join(out, 'e2e.log'))))
          .then(() => child.kill('SIGINT'));
      },
    );
    expect(result.code, result.stderr).to.equal(3);
    const report = await readReport(out);
    expect(report.status).to.equal('interrupted');
    expect(report.tests.find((test) => test.id === 'waits-for-interrupt')?.failure?.code).to.equal('INTERRUPTED');
    expect(await validateJunit(await readFile(join(out, 'junit_01.xml'), 'utf8'))).to.deep.equal([]);
    expect(kcertNamespaces()).to.deep.equal([]);
  });

  it('at the global timeout stops like on Ctrl-C and exits 3 (timed-out)', async () => {
    const out = join(dir, 'out-timeout');
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--profile', 'extended', '--focus', '^waits-for-interrupt$', '--timeout', '2s'], env);
    expect(result.code, result.stderr).to.equal(3);
    const report = await readReport(out);
    expect(report.status).to.equal('timed-out');
    expect(report.tests[0]!.result).to.equal('error');
    expect(kcertNamespaces()).to.deep.equal([]);
  });

  it('a test body that overruns its timeout is an error (TIMEOUT), and the run goes on', async () => {
    const out = join(dir, 'out-test-timeout');
    // --timeout-scale 0.002 makes the 15-minute test timeout 1.8 s.
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--profile', 'extended', '--focus', '^(waits-for-interrupt|passes)$', '--timeout-scale', '0.002'], env);
    expect(result.code, result.stderr).to.equal(1);
    const report = await readReport(out);
    expect(report.status).to.equal('completed');
    const waits = report.tests.find((test) => test.id === 'waits-for-interrupt')!;
    expect(waits.result).to.equal('error');
    expect(waits.failure?.code).to.equal('TIMEOUT');
    expect(report.tests.find((test) => test.id === 'passes')?.result).to.equal('passed');
    expect(kcertNamespaces()).to.deep.equal([]);
  });

  it('--keep-namespaces keeps the labelled namespace, which kcert cleanup then removes', async () => {
    const out = join(dir, 'out-keep');
    const result = await runCli(['run', '--kubeconfig', kubeconfig, '--output-dir', out, '--focus', '^passes$', '--keep-namespaces'], env);
    expect(result.code, result.stderr).to.equal(0);
    const report = await readReport(out);
    expect(report.tests[0]).to.include({ namespaceLeft: true });
    expect(kcertNamespaces().map((ns) => ns.metadata.name)).to.deep.equal([report.tests[0]!.namespace]);
    expect(kcertNamespaces()[0]!.metadata.labels).to.deep.equal({ 'kcert.io/run-id': report.runId, 'kcert.io/test-id': 'passes' });
    const cleanup = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--run-id', report.runId]);
    expect(cleanup.code, cleanup.stderr).to.equal(0);
    expect(kcertNamespaces()).to.deep.equal([]);
  });

  it('--dry-run lists the plan and touches no cluster', async () => {
    const requests = server.requests;
    const result = await runCli(['run', '--dry-run', '--kubeconfig', kubeconfig, '--suite', 'deployment'], env);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('Would run 2 tests').and.include('deployment/passes');
    expect(server.requests).to.equal(requests);
  });

  describe('exit code 2 with one clear sentence', () => {
    it('a bad flag (black box)', async () => {
      const result = await runCli(['run', '--no-such-flag'], env);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/unknown option '--no-such-flag'/);
    });

    it('an unknown context (black box)', async () => {
      const result = await runCli(['run', '--kubeconfig', kubeconfig, '--context', 'nope'], env);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/unknown context "nope".*pick one of: fake/);
    });

    // The rest through main() in-process: the same code path without a process start each.
    const cases: Array<[string, () => string[], RegExp]> = [
      ['an unknown suite', () => ['run', '--suite', 'storage', '--kubeconfig', kubeconfig], /unknown suite storage in --suite/],
      ['a bad regex', () => ['run', '--focus', '(', '--kubeconfig', kubeconfig], /--focus "\(" is not a valid regular expression/],
      ['a bad --parallel', () => ['run', '--parallel', '0', '--kubeconfig', kubeconfig], /--parallel "0" must be a whole number/],
      ['an unreadable kubeconfig', () => ['run', '--kubeconfig', join(dir, 'missing')], /cannot read kubeconfig .*missing: the file does not exist/],
      ['no kubeconfig at all', () => ['run'], /no kubeconfig found .*--reference/],
      ['a selection that matches nothing', () => ['run', '--kubeconfig', kubeconfig, '--focus', 'no-such-test'], /no test matches the selection/],
      ['--fault without --reference', () => ['run', '--kubeconfig', kubeconfig, '--fault', 'x'], /--fault only applies to the bundled reference implementation/],
      ['an unknown reference fault', () => ['run', '--reference', '--fault', 'no-such-fault'], /the reference implementation did not start: unknown fault no-such-fault/],
      ['an unwritable output folder', () => ['run', '--kubeconfig', kubeconfig, '--output-dir', join(kubeconfig, 'reports')], /cannot write reports to .*kubeconfig\/reports/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const result = await runMain(args(), { ...env, HOME: dir });
        expect(result.code, result.stderr).to.equal(2);
        expect(result.stderr).to.match(message);
      });
    }

    it('an unreachable endpoint', async () => {
      const closed = new FakeApiServer();
      await closed.start();
      const path = join(dir, 'closed-kubeconfig');
      await closed.writeKubeconfig(path);
      await closed.stop();
      const result = await runMain(['run', '--kubeconfig', path, '--timeout-scale', '0.2'], env);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/cannot reach the API server at http:\/\/127\.0\.0\.1:\d+ .*check that the cluster is running/);
    });
  });
});
