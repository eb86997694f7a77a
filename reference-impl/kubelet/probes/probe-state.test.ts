import { expect } from 'chai';
import { ProbeState, probeTiming, tickAt } from './probe-state.ts';

describe('probe state', () => {
  it('defaults the timing fields like the API server', () => {
    expect(probeTiming({})).to.deep.equal({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    expect(probeTiming({ periodSeconds: 2, failureThreshold: 1 }).failureThreshold).to.equal(1);
  });

  it('starts not ready, alive, not started', () => {
    expect(new ProbeState('readiness', probeTiming({})).result).to.equal('failure');
    expect(new ProbeState('liveness', probeTiming({})).result).to.equal('success');
    expect(new ProbeState('startup', probeTiming({})).result).to.equal('failure');
  });

  it('does not probe before initialDelaySeconds unless the fault says so', () => {
    const timing = probeTiming({ initialDelaySeconds: 15, periodSeconds: 10 });
    const state = new ProbeState('readiness', timing);
    const probedTicks = [0, 1, 2, 3].filter((tick) => state.shouldProbe(tickAt(timing, tick)));
    expect(probedTicks).to.deep.equal([2, 3]);
    expect(new ProbeState('readiness', timing, { ignoreInitialDelay: true }).shouldProbe(0)).to.equal(true);
  });

  it('flips only after the consecutive thresholds', () => {
    const state = new ProbeState('liveness', probeTiming({ failureThreshold: 3, successThreshold: 1 }));
    expect([state.record('failure'), state.record('failure'), state.record('success'), state.record('failure'), state.record('failure')]).to.deep.equal([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(state.record('failure')).to.equal(true);
    expect(state.result).to.equal('failure');
    const readiness = new ProbeState('readiness', probeTiming({ successThreshold: 2 }));
    expect(readiness.record('success')).to.equal(false);
    expect(readiness.record('success')).to.equal(true);
    expect(readiness.result).to.equal('success');
  });
});
