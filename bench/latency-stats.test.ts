import { expect } from 'chai';
import { formatMs, percentile, ratio, summarize, table } from './latency-stats.ts';

describe('latency stats', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 0.5)).to.equal(50);
    expect(percentile(samples, 0.99)).to.equal(99);
    expect(percentile([7], 0.99)).to.equal(7);
    expect(percentile([], 0.5)).to.be.NaN;
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([5, 1, 3, 2, 4])).to.deep.equal({ count: 5, p50: 3, p99: 5, max: 5 });
  });

  it('formats ratios and milliseconds, with a dash for missing values', () => {
    expect(ratio(3, 2)).to.equal('1.5x');
    expect(ratio(NaN, 2)).to.equal('-');
    expect(ratio(1, 0)).to.equal('-');
    expect(formatMs(0.12345)).to.equal('0.123');
    expect(formatMs(12.345)).to.equal('12.35');
    expect(formatMs(NaN)).to.equal('-');
  });

  it('aligns a table', () => {
    expect(table([['name', 'ms'], ['create', '1.50']])).to.equal('name      ms\ncreate  1.50');
  });
});
