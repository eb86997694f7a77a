import { RESULTS_SCHEMA, totalsOf, type RunReport, type TestResult } from './model.js';

/** A finished run with one test of every outcome, for the report writers' tests. */
export function sampleReport(overrides: Partial<RunReport> = {}): RunReport {
  const base = {
    area: 'deployment' as const,
    profile: 'core' as const,
    features: ['Deployment'],
    startedAt: '2026-11-27T10:00:01.000Z',
    steps: [],
    log: [],
    timings: { setupMs: 20, teardownMs: 40 },
  };
  const tests: TestResult[] = [
    {
      ...base,
      id: 'rolls-out',
      upstream: ['[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]'],
      description: 'A Deployment MUST roll out <new> pods & "quote".',
      result: 'passed',
      durationMs: 1500,
      namespace: 'kcert-x-rolls-out',
      steps: [{ name: '3 replicas become available', startedAt: '2026-11-27T10:00:01.100Z', durationMs: 900, outcome: 'passed' }],
      log: [{ at: '2026-11-27T10:00:01.050Z', message: 'created deployment web' }],
    },
    {
      ...base,
      id: 'scales-two-ways',
      upstream: [
        '[sig-apps] Deployment deployment should support proportional scaling [Conformance]',
        '[sig-apps] Deployment Deployment should have a working scale subresource [Conformance]',
      ],
      description: 'A Deployment MUST scale.',
      result: 'failed',
      durationMs: 2000,
      failure: { code: 'CONFORMANCE_FAILURE', type: 'AssertionError', message: 'expected 3 replicas, saw 2', stack: 'AssertionError: expected 3 replicas, saw 2\n    at x' },
      evidence: { events: ['Pod web-1 Scheduled'], objects: [{ kind: 'Deployment', name: 'web', status: { replicas: 2 } }], logs: [{ pod: 'web-1', container: 'web', text: 'hello\n' }] },
    },
    {
      ...base,
      id: 'cannot-check',
      area: 'networking',
      upstream: [],
      description: 'A Service MUST answer.',
      result: 'error',
      durationMs: 300,
      failure: { code: 'CHECK_ERROR', type: 'CheckError', message: 'API answered 503 five times' },
    },
    { ...base, id: 'skips', area: 'health', upstream: [], description: 'Probes MUST run.', result: 'skipped', durationMs: 0, reason: 'no data plane <here>' },
    {
      ...base,
      id: 'optional',
      area: 'replicas',
      profile: 'extended',
      upstream: ['[sig-apps] ReplicaSet should list and delete a collection of ReplicaSets [Conformance]'],
      description: 'MUST x.',
      result: 'not-supported',
      durationMs: 0,
      reason: 'no HPA',
    },
  ];
  return {
    schemaVersion: RESULTS_SCHEMA,
    runId: '20261127-100000-abcd',
    kcertVersion: '0.1.0',
    status: 'completed',
    target: { server: 'https://127.0.0.1:6443', context: 'kcert', serverVersion: 'v1.33.0', platform: 'linux/amd64' },
    selection: { profile: 'extended', suites: ['deployment', 'replicas', 'networking', 'health'], parallel: 4, timeoutScale: 1 },
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T10:00:05.000Z',
    durationMs: 5000,
    totals: totalsOf(tests, tests.length + 1),
    tests,
    notRun: ['never-started'],
    warnings: [],
    ...overrides,
  };
}
