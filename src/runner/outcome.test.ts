import { AssertionError, expect } from 'chai';
import { CheckError, ConformanceFailure, NotSupported, SkipTest } from '../errors.js';
import { classifyOutcome } from './outcome.js';

describe('classifyOutcome', () => {
  const cases: Array<[string, unknown, string]> = [
    ['nothing thrown', undefined, 'passed'],
    ['ConformanceFailure', new ConformanceFailure('saw 2 replicas'), 'failed'],
    ["chai's AssertionError", new AssertionError('expected 2 to equal 3'), 'failed'],
    ['CheckError (API unreachable)', new CheckError('503 five times'), 'error'],
    ['a plain bug in a test', new TypeError('x is undefined'), 'error'],
    ['a thrown string', 'boom', 'error'],
    ['SkipTest', new SkipTest('no data plane'), 'skipped'],
    ['NotSupported', new NotSupported('no HPA'), 'not-supported'],
  ];
  for (const [what, error, expected] of cases) {
    it(`${what} → ${expected}`, () => expect(classifyOutcome(error).result).to.equal(expected));
  }

  it('keeps the failure as plain data with a stable code', () => {
    const classified = classifyOutcome(new CheckError('503 five times'));
    expect(classified.failure).to.include({ code: 'CHECK_ERROR', type: 'CheckError', message: '503 five times' });
    const timeout = classifyOutcome(Object.assign(new Error('Timeout of 1500ms exceeded'), { code: 'ERR_MOCHA_TIMEOUT', timeout: 1500 })).failure;
    expect(timeout).to.include({ code: 'TIMEOUT', message: 'the test did not finish within 1.5s (its test timeout); on a slow cluster raise --timeout-scale' });
    expect(classifyOutcome(new SkipTest('why')).reason).to.equal('why');
  });
});
