import { expect } from 'chai';
import { NO_BACKOFF, nextBackoff, type BackoffState } from './backoff.ts';

describe('kubelet back-off', () => {
  it('restarts at once, then waits 10 s doubling to a 300 s cap', () => {
    let state: BackoffState = NO_BACKOFF;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextBackoff(state, i * 1000);
      delays.push(next.delayMs / 1000);
      state = next.state;
    }
    expect(delays).to.deep.equal([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('resets after ten quiet minutes', () => {
    const first = nextBackoff(NO_BACKOFF, 0);
    const second = nextBackoff(first.state, 1000);
    expect(second.delayMs).to.equal(10_000);
    expect(nextBackoff(second.state, 1000 + 601_000).delayMs).to.equal(0);
  });
});
