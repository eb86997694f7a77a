import { expect } from 'chai';
import { CpuRates } from './cpu-rates.ts';
import { cpuQuantity } from './index.ts';
import { parseSelector } from './label-selector.ts';

describe('metrics API arithmetic', () => {
  it('turns cumulative CPU time into a rate over the kept window', () => {
    const rates = new CpuRates();
    // 500 ms of CPU per second since start = 500 millicores.
    expect(rates.millicores('c', 5_000, 0, 10_000)).to.equal(500);
    // Then idle for 10 s: the rate over the window falls.
    expect(rates.millicores('c', 5_000, 0, 20_000)).to.equal(250);
    expect(cpuQuantity(250)).to.equal('250000000n');
  });

  it('matches label selectors', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(parseSelector('app=web,tier!=back')(labels)).to.equal(true);
    expect(parseSelector('app in (web,api),!missing')(labels)).to.equal(true);
    expect(parseSelector('app notin (web)')(labels)).to.equal(false);
    expect(parseSelector('tier')(labels)).to.equal(true);
  });
});
