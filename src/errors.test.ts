import { expect } from 'chai';
import { ConformanceFailure, UsageError } from './errors.js';

describe('errors', () => {
  it('carry stable codes and their class name', () => {
    const failure = new ConformanceFailure('expected 3 replicas, saw 2');
    expect(failure.code).to.equal('CONFORMANCE_FAILURE');
    expect(failure.name).to.equal('ConformanceFailure');
    expect(new UsageError('bad flag').code).to.equal('USAGE');
  });
});
