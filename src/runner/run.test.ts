import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'chai';
import { catalogTest } from '../catalog/catalog-fixtures.js';
import { FakeApiServer } from '../cli/testing/fake-api-server.js';
import { IMAGES } from '../framework/images.js';
import type { RunEvent } from '../report/model.js';
import { runConformance, type RunOptions } from './run.js';

describe('runConformance (scheduler)', function () {
  this.timeout(30_000);
  let dir: string;
  let server: FakeApiServer;
  let kubeConfig: KubeConfig;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcert-scheduler-'));
    server = new FakeApiServer();
    await server.start();
    await server.writeKubeconfig(join(dir, 'kubeconfig'));
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(join(dir, 'kubeconfig'));
  });

  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function options(tests: RunOptions['tests'], events: RunEvent[], parallel: number, interrupt = new AbortController()): RunOptions {
    return {
      kubeConfig,
      target: { server: server.url, context: 'fake', serverVersion: 'v1.33.0-fake', platform: 'linux/amd64' },
      runId: 'run-scheduler',
      kcertVersion: '0.0.0',
      tests,
      selection: { profile: 'core', suites: ['deployment'], parallel, timeoutScale: 1 },
      globalTimeoutMs: 60_000,
      keepNamespaces: false,
      images: IMAGES,
      reporter: { name: 'collect', onEvent: (event) => void events.push(event) },
      interrupt: interrupt.signal,
      hardStop: new AbortController().signal,
    };
  }

  it('runs at most --parallel bodies at once, each in its own namespace, and reports in catalog order', async () => {
    let running = 0;
    let peak = 0;
    const seenNamespaces = new Set<string>();
    const tests = Array.from({ length: 6 }, (_, i) =>
      catalogTest({
        id: `t${i}`,
        async run(t) {
          running += 1;
          peak = Math.max(peak, running);
          seenNamespaces.add(t.namespace);
          // Real API work instead of a sleep: the slot stays busy for a few round trips.
          for (let n = 0; n < 3; n++) await t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}` } });
          running -= 1;
        },
      }),
    );
    const events: RunEvent[] = [];
    const report = await runConformance(options(tests, events, 2));
    expect(peak).to.equal(2);
    expect(seenNamespaces.size).to.equal(6);
    expect(report.status).to.equal('completed');
    expect(report.totals).to.include({ total: 6, passed: 6, notRun: 0 });
    expect(report.tests.map((test) => test.id)).to.deep.equal(['t0', 't1', 't2', 't3', 't4', 't5']);
    expect(events[0]!.type).to.equal('run-started');
    expect(events.at(-1)!.type).to.equal('run-finished');
    expect(events.filter((event) => event.type === 'test-finished')).to.have.length(6);
    expect([...server.namespaces.values()].filter((ns) => ns.metadata.labels?.['kcert.io/run-id'])).to.deep.equal([]);
  });

  it('once interrupted starts no further test and lists the rest as not run', async () => {
    const interrupt = new AbortController();
    const tests = [
      catalogTest({ id: 'first', run: async () => interrupt.abort() }),
      catalogTest({ id: 'second', run: async () => {} }),
      catalogTest({ id: 'third', run: async () => {} }),
    ];
    const report = await runConformance(options(tests, [], 1, interrupt));
    expect(report.status).to.equal('interrupted');
    // The interruption arrived while its body ran: cut short, so `error` (INTERRUPTED), not a verdict.
    expect(report.tests.map((test) => `${test.id}:${test.result}:${test.failure?.code}`)).to.deep.equal(['first:error:INTERRUPTED']);
    expect(report.notRun).to.deep.equal(['second', 'third']);
    expect(report.totals).to.include({ error: 1, notRun: 2 });
  });
});
