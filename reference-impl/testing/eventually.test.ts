import { expect } from 'chai';
import { describeObservation, eventually, EventuallyTimeoutError, eventuallyResolves } from './eventually.ts';

describe('eventually', () => {
  it('returns the first value that is neither undefined nor false, after retrying', async () => {
    const results = [undefined, false, 0, 'late'] as const;
    let calls = 0;
    const value = await eventually('third attempt', () => results[calls++], { timeoutMs: 1000, intervalMs: 1 });
    expect(value).to.equal(0);
    expect(calls).to.equal(3);
  });

  it('treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await eventually(
      'no more errors',
      async () => {
        calls++;
        if (calls < 3) throw new Error('not ready');
        return 'ready';
      },
      { timeoutMs: 1000, intervalMs: 1 },
    );
    expect(value).to.equal('ready');
  });

  it('times out naming the condition and the last observed value', async () => {
    let n = 0;
    const error = await eventually('counter above 1000', () => (++n > 1000 ? n : false), { timeoutMs: 30, intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(EventuallyTimeoutError);
    expect((error as EventuallyTimeoutError).condition).to.equal('counter above 1000');
    expect((error as Error).message).to.match(/^timed out after 30 ms waiting for counter above 1000; last observed: false$/);
  });

  it('reports the last error, or what observe() shows, on timeout', async () => {
    const failing = (await eventually('a reply', async (): Promise<string> => Promise.reject(new Error('ECONNREFUSED')), { timeoutMs: 10, intervalMs: 2 }).catch((e: unknown) => e)) as Error;
    expect(failing.message).to.contain('last observed: Error: ECONNREFUSED');
    const observed = (await eventually('two items', (): string | false => false, { timeoutMs: 10, intervalMs: 2, observe: () => ['a'] }).catch((e: unknown) => e)) as EventuallyTimeoutError;
    expect(observed.lastObserved).to.deep.equal(['a']);
    expect(observed.message).to.contain('last observed: ["a"]');
  });

  it('eventuallyResolves accepts any resolved value, undefined included', async () => {
    let calls = 0;
    const value = await eventuallyResolves('second call', () => (++calls < 2 ? Promise.reject(new Error('no')) : Promise.resolve(undefined)), { timeoutMs: 1000, intervalMs: 1 });
    expect(value).to.equal(undefined);
    expect(calls).to.equal(2);
  });

  it('describes observations readably', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeObservation(undefined)).to.equal('undefined');
    expect(describeObservation('text')).to.equal('text');
    expect(describeObservation({ a: 1 })).to.equal('{"a":1}');
    expect(describeObservation(circular)).to.equal('[object Object]');
  });
});
