import { expect } from 'chai';
import type { TestResult } from '../src/report/model.js';
import { laneResultsFromReport } from './kcert-on-upstream.js';

function result(id: string, outcome: TestResult['result'], message?: string): TestResult {
  return {
    id,
    area: 'replicas',
    profile: 'core',
    features: [],
    upstream: [],
    description: '',
    result: outcome,
    startedAt: '2026-11-27T00:00:00Z',
    durationMs: 1500,
    steps: [],
    log: [],
    timings: { setupMs: 1 },
    ...(message ? { failure: { code: 'CONFORMANCE_FAILURE', type: 'ConformanceFailure', message } } : {}),
  };
}

describe('compat: kcert results on upstream', () => {
  const catalog = [
    { id: 'a-passes', area: 'replicas', needsDataPlane: false },
    { id: 'b-serves', area: 'replicas', needsDataPlane: true },
    { id: 'c-proxy', area: 'replicas', needsDataPlane: false },
    { id: 'd-bug', area: 'replicas', needsDataPlane: false },
    { id: 'e-later', area: 'replicas', needsDataPlane: false },
    { id: 'f-unselected', area: 'replicas', needsDataPlane: false },
    { id: 'deployment-proportional-scaling', area: 'deployment', needsDataPlane: false, brokenBy: ['no-proportional-scaling', 'image-pull-never-fails'] },
  ];
  const lane = laneResultsFromReport(
    {
      tests: [
        result('a-passes', 'passed'),
        result('b-serves', 'failed', 'no answer'),
        result('c-proxy', 'failed', 'GET …/pods/x/proxy/ answered HTTP 503: error trying to reach service: dial tcp 10.244.0.5:80: connect: connection refused'),
        result('d-bug', 'failed', 'PUT /apis/autoscaling/v1/x answered 404 NotFound: the server could not find the requested resource'),
        { ...result('deployment-proportional-scaling', 'failed', 'expected spec.replicas 20'), area: 'deployment' },
      ],
      notRun: ['e-later'],
    },
    catalog,
  );
  const byId = new Map(lane.map((t) => [t.id, t]));

  it('passes through passes and accounts for every catalog test once', () => {
    expect(byId.get('a-passes')).to.include({ result: 'passed', seconds: 1.5 });
    expect(lane.map((t) => t.id).sort()).to.deep.equal(catalog.map((c) => c.id).sort());
  });

  it('lists data-plane tests by metadata, by failure text, and by known kwok limits, each with its reason', () => {
    expect(byId.get('b-serves')).to.include({ result: 'needs-data-plane', reason: 'needsDataPlane in its metadata' });
    expect(byId.get('c-proxy')!.result).to.equal('needs-data-plane');
    expect(byId.get('c-proxy')!.reason).to.match(/^fails only for want of a data plane \((proxy|data-plane)\)/);
    expect(byId.get('deployment-proportional-scaling')!.reason).to.match(/broken by fault image-pull-never-fails, which kwok has by design/);
  });

  it('keeps every other failure a failure, with its code and first line', () => {
    expect(byId.get('d-bug')).to.include({ result: 'failed' });
    expect(byId.get('d-bug')!.reason).to.match(/^CONFORMANCE_FAILURE: PUT \/apis\/autoscaling/);
  });

  it('marks tests the run never reached or never selected as not-run', () => {
    expect(byId.get('e-later')).to.include({ result: 'not-run', reason: 'the run ended before this test' });
    expect(byId.get('f-unselected')).to.include({ result: 'not-run', reason: 'not selected by the runner' });
  });
});
