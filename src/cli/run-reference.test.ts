import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'chai';
import { ApiClient } from '../framework/api-client.js';
import type { RunReport } from '../report/model.js';
import { validateJunit } from '../report/validate-junit.js';
import { RUN_ID_LABEL } from '../runner/namespaces.js';
import { startReference } from './reference.js';
import { writeInlineSuite } from './testing/inline-suite.js';
import { runCli, waitFor } from './testing/run-cli.js';

/** The same black-box checks as run-command.test.ts, against the bundled reference implementation. */
describe('kcert run against the reference implementation (black box)', function () {
  this.timeout(90_000);
  let dir: string;
  let cluster: Awaited<ReturnType<typeof startReference>>;
  let api: ApiClient;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcert-run-reference-'));
    cluster = await startReference({ port: 0, store: 'memory', nodes: 2, faults: [] });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
    api = new ApiClient(kubeConfig);
    env = { KCERT_SUITES: await writeInlineSuite(join(dir, 'suite')) };
  });

  after(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const runNamespaces = async () =>
    (await api.request<{ items: Array<{ metadata: { name: string } }> }>({ method: 'GET', path: '/api/v1/namespaces', query: { labelSelector: RUN_ID_LABEL } })).items.map(
      (item) => item.metadata.name,
    );
  const readReport = async (out: string) => JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunReport;

  it('runs the inline suite: exit 1, valid junit, every namespace deleted', async () => {
    const out = join(dir, 'out');
    const result = await runCli(['run', '--kubeconfig', cluster.kubeconfigPath, '--output-dir', out], env);
    expect(result.code, result.stderr).to.equal(1);
    const report = await readReport(out);
    expect(report.totals).to.include({ passed: 1, failed: 1, error: 1, skipped: 1 });
    expect(report.target.server).to.equal(cluster.url);
    expect(report.warnings).to.deep.equal([]);
    expect(report.tests.every((test) => !test.namespaceLeft)).to.equal(true);
    expect(await validateJunit(await readFile(join(out, 'junit_01.xml'), 'utf8'))).to.deep.equal([]);
    expect(await runNamespaces()).to.deep.equal([]);
  });

  it('on SIGINT deletes the run namespaces and exits 3 with partial reports', async () => {
    const out = join(dir, 'out-interrupted');
    const result = await runCli(
      ['run', '--kubeconfig', cluster.kubeconfigPath, '--output-dir', out, '--profile', 'extended', '--focus', '^(passes|waits-for-interrupt)$'],
      env,
      (child) => {
        void waitFor('the waiting test to start', () => existsSync(join(out, 'e2e.log')) && /\[waits-for-interrupt\] STEP wait for Ctrl-C/.test(readSafe(join(out, 'e2e.log'))))
          .then(() => child.kill('SIGINT'));
      },
    );
    expect(result.code, result.stderr).to.equal(3);
    const report = await readReport(out);
    expect(report.status).to.equal('interrupted');
    expect(report.tests.map((test) => test.id)).to.include('waits-for-interrupt');
    expect(await runNamespaces()).to.deep.equal([]);
  });
});

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
