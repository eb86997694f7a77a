import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FilesReporter } from './files-reporter.js';
import type { RunReport } from './model.js';
import { linkLatest, newRunId, outputDirFor } from './output-dir.js';
import { sampleReport } from './report-fixtures.js';

describe('FilesReporter', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kcert-files-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes the reports as tests finish, not only at the end', async () => {
    const report = sampleReport();
    const reporter = new FilesReporter(dir, '0.1.0');
    const at = report.startedAt;
    await reporter.onEvent({ type: 'run-started', at, runId: report.runId, target: report.target, selection: report.selection, planned: report.tests });
    await reporter.onEvent({ type: 'test-started', at, id: 'rolls-out', namespace: 'ns' });
    await reporter.onEvent({ type: 'test-finished', at: '2026-11-27T10:00:02.000Z', result: report.tests[0]! });
    const partial = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunReport;
    expect(partial.status).to.equal('running');
    expect(partial.tests.map((test) => test.id)).to.deep.equal(['rolls-out']);
    expect(partial.totals).to.include({ passed: 1, notRun: 4 });
    expect(await readFile(join(dir, 'junit_01.xml'), 'utf8')).to.include('RollingUpdateDeployment');
    expect(await readFile(join(dir, 'e2e.log'), 'utf8')).to.include('[rolls-out] STARTED in namespace ns');

    await reporter.onEvent({ type: 'run-finished', at: '2026-11-27T10:00:05.000Z', report });
    const final = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunReport;
    expect(final.status).to.equal('completed');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).to.include('scales-two-ways').and.include('&lt;new&gt;');
  });

  it('names runs by time and links reports/latest to the newest', async () => {
    const id = newRunId(new Date('2026-11-27T11:24:33Z'), () => 0.5);
    expect(id).to.equal('20261127-112433-8000');
    const first = outputDirFor('run-a', undefined, dir);
    const second = outputDirFor('run-b', undefined, dir);
    expect(first).to.equal(join(dir, 'reports', 'run-a'));
    expect(await linkLatest(first)).to.equal(join(dir, 'reports', 'latest'));
    await linkLatest(second);
    expect(await readlink(join(dir, 'reports', 'latest'))).to.equal('run-b');
    expect(await linkLatest(join(dir, 'elsewhere'))).to.equal(undefined);
  });
});
