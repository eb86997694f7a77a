import { expect } from 'chai';
import { formatQuantity, parseQuantity } from './quantity.js';

describe('quantity', () => {
  const cases: Array<[string, string]> = [
    ['100m', '100m'], ['0.1', '100m'], ['1', '1'], ['1000m', '1'], ['2e3', '2k'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'], ['500M', '500M'], ['1n', '1n'], ['0.5n', '1n'], ['-2', '-2'], ['0', '0'], ['128974848', '128974848'],
  ];
  for (const [input, canonical] of cases) {
    it(`parses ${input} and prints ${canonical}`, () => expect(formatQuantity(parseQuantity(input)!)).to.equal(canonical));
  }
  it('compares exactly across notations', () => {
    expect(parseQuantity('0.1')!.nanos).to.equal(parseQuantity('100m')!.nanos);
    expect(parseQuantity('1Ki')!.nanos).to.equal(parseQuantity('1024')!.nanos);
  });
  it('rejects malformed quantities', () => {
    for (const bad of ['', 'abc', '1.2.3', '10 Mi', '1Qi', 'm']) expect(parseQuantity(bad), bad).to.equal(undefined);
  });
});
