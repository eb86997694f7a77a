import { expect } from 'chai';
import type { Pod } from '../shared/pods.ts';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, limitRate, stabilize, withDefaults } from './behavior.ts';
import { resourceReplicas, type PodMetric } from './replica-calculator.ts';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const LONG_AGO = '2026-01-01T00:00:00Z';

function pod(name: string, cpuRequest: string, options: { ready?: boolean; phase?: string } = {}): Pod {
  return {
    metadata: { name, namespace: 'ns' },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: cpuRequest } } }] },
    status: { phase: options.phase ?? 'Running', startTime: LONG_AGO, conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', lastTransitionTime: LONG_AGO }] },
  };
}
const metrics = (values: Record<string, number>) => new Map<string, PodMetric>(Object.entries(values).map(([name, value]) => [name, { value, timestamp: NOW - 1000, windowMs: 30_000 }]));
const target = { resource: 'cpu', averageUtilization: 50 };

describe('HPA replica calculation', () => {
  it('scales by the usage ratio over ready pods, rounding up', () => {
    const result = resourceReplicas(2, target, [pod('a', '200m'), pod('b', '200m')], metrics({ a: 300, b: 300 }), NOW);
    expect(result).to.deep.equal({ replicas: 6, utilization: 150, averageValue: 300 });
  });

  it('keeps the count within the 10% tolerance', () => {
    expect(resourceReplicas(2, target, [pod('a', '200m'), pod('b', '200m')], metrics({ a: 108, b: 108 }), NOW).replicas).to.equal(2);
    expect(resourceReplicas(2, target, [pod('a', '200m'), pod('b', '200m')], metrics({ a: 112, b: 112 }), NOW).replicas).to.equal(3);
  });

  it('scales down when usage is low', () => {
    expect(resourceReplicas(4, target, ['a', 'b', 'c', 'd'].map((n) => pod(n, '100m')), metrics({ a: 10, b: 10, c: 10, d: 10 }), NOW).replicas).to.equal(1);
  });

  it('treats unready pods as idle when scaling up, and gives up if that undoes the scale-up', () => {
    const pods = [pod('a', '100m'), pod('b', '100m', { ready: false }), pod('c', '100m', { ready: false })];
    // Ready pod at 70% of a 50% target: with two idle unready pods the ratio falls below 1 → keep 3.
    expect(resourceReplicas(3, target, pods, metrics({ a: 70, b: 90, c: 90 }), NOW).replicas).to.equal(3);
  });

  it('assumes the target usage for pods without metrics when scaling down', () => {
    const pods = [pod('a', '100m'), pod('b', '100m'), pod('c', '100m')];
    // a,b at 10% (ratio 0.2); c missing assumed at 50% → (10+10+50)/300 = 23.3% → ratio 0.47 → ceil(1.4) = 2.
    expect(resourceReplicas(3, target, pods, metrics({ a: 10, b: 10 }), NOW).replicas).to.equal(2);
  });

  it('fails without any usable metric', () => {
    expect(() => resourceReplicas(1, target, [pod('a', '100m')], metrics({}), NOW)).to.throw(/did not receive metrics/);
  });
});

describe('HPA behavior', () => {
  const up = withDefaults(undefined, DEFAULT_SCALE_UP);
  const down = withDefaults(undefined, DEFAULT_SCALE_DOWN);

  it('holds scale-down for the default 300 s window', () => {
    const history = [{ replicas: 6, at: NOW - 200_000 }];
    expect(stabilize(6, 2, history, up, down, NOW).replicas).to.equal(6);
    expect(stabilize(6, 2, [{ replicas: 6, at: NOW - 301_000 }], up, down, NOW).replicas).to.equal(2);
  });

  it('honours a short scale-down window from behavior', () => {
    const quick = withDefaults({ stabilizationWindowSeconds: 5 }, DEFAULT_SCALE_DOWN);
    expect(stabilize(6, 2, [{ replicas: 6, at: NOW - 10_000 }], up, quick, NOW).replicas).to.equal(2);
  });

  it('limits scale-up to max(4 pods, 100%) per 15 s by default', () => {
    expect(limitRate(2, 20, 1, 50, [], [], up, down, NOW)).to.deep.include({ replicas: 6, reason: 'ScaleUpLimit' });
    expect(limitRate(10, 50, 1, 50, [], [], up, down, NOW)).to.deep.include({ replicas: 20, reason: 'ScaleUpLimit' });
    expect(limitRate(10, 60, 1, 15, [], [], up, down, NOW)).to.deep.include({ replicas: 15, reason: 'TooManyReplicas' });
    expect(limitRate(10, 12, 1, 15, [], [], up, down, NOW)).to.deep.include({ replicas: 12, reason: 'DesiredWithinRange' });
  });

  it('counts recent scale events against the rate', () => {
    // Already added 4 within the period: period start is 6 − 4 = 2 → limit max(2+4, 2*2) = 6.
    expect(limitRate(6, 20, 1, 50, [{ change: 4, at: NOW - 5000 }], [], up, down, NOW).replicas).to.equal(6);
  });

  it('never goes below minReplicas', () => {
    expect(limitRate(5, 0, 2, 10, [], [], up, down, NOW)).to.deep.include({ replicas: 2, reason: 'TooFewReplicas' });
  });
});
