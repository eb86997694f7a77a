import { expect } from 'chai';
import { UsageError } from '../errors.js';
import { parseDuration, parsePositiveInt, parsePositiveNumber } from './parse-flags.js';

describe('flag parsing', () => {
  it('reads durations as kubectl-style units or plain seconds', () => {
    expect(parseDuration('--timeout', '90m')).to.equal(90 * 60_000);
    expect(parseDuration('--timeout', '1h30m')).to.equal(90 * 60_000);
    expect(parseDuration('--timeout', '45s')).to.equal(45_000);
    expect(parseDuration('--timeout', '120')).to.equal(120_000);
    expect(() => parseDuration('--timeout', 'soon')).to.throw(UsageError, /--timeout "soon" is not a duration/);
    expect(() => parseDuration('--timeout', '0m')).to.throw(UsageError);
  });

  it('rejects non-positive counts and factors', () => {
    expect(parsePositiveInt('--parallel', '8', 64)).to.equal(8);
    expect(() => parsePositiveInt('--parallel', '0', 64)).to.throw(UsageError, /--parallel "0" must be a whole number from 1 to 64/);
    expect(() => parsePositiveInt('--parallel', '2.5', 64)).to.throw(UsageError);
    expect(parsePositiveNumber('--timeout-scale', '1.5')).to.equal(1.5);
    expect(() => parsePositiveNumber('--timeout-scale', '-1')).to.throw(UsageError);
  });
});
