import { expect } from 'chai';
import { MochaHarness } from './mocha-harness.js';

describe('MochaHarness', () => {
  const harness = new MochaHarness();

  it('resolves undefined for a passing body and the error for a failing one', async () => {
    expect(await harness.run('passes', async () => {}, 1000)).to.equal(undefined);
    const error = await harness.run('fails', async () => { throw new Error('boom'); }, 1000);
    expect((error as Error).message).to.equal('boom');
  });

  it('times a hanging body out with ERR_MOCHA_TIMEOUT', async () => {
    const error = await harness.run('hangs', () => new Promise(() => {}), 30);
    expect((error as { code?: string }).code).to.equal('ERR_MOCHA_TIMEOUT');
  });

  it('runs bodies concurrently', async () => {
    let running = 0;
    let peak = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const body = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await gate;
      running -= 1;
    };
    const all = Promise.all([harness.run('a', body, 1000), harness.run('b', body, 1000), harness.run('c', body, 1000)]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await all).to.deep.equal([undefined, undefined, undefined]);
    expect(peak).to.equal(3);
  });
});
