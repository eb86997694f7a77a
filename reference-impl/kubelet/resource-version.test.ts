import { expect } from 'chai';
import { isOlderVersion } from './resource-version.ts';

describe('isOlderVersion', () => {
  const cases: Array<[string | undefined, string | undefined, boolean]> = [
    ['41', '42', true],
    ['42', '42', false],
    ['43', '42', false],
    ['9', '10', true],
    ['9007199254740993', '9007199254740994', true],
    [undefined, '42', false],
    ['41', undefined, false],
    ['abc', '42', false],
  ];
  for (const [incoming, current, older] of cases) {
    it(`${incoming} vs ${current} → ${older ? 'older' : 'not older'}`, () => {
      expect(isOlderVersion(incoming, current)).to.equal(older);
    });
  }
});
