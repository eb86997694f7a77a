import { expect } from 'chai';
import {
  expressionRequirement,
  formatLabelSelector,
  labelSelectorMatches,
  LabelSelectorSyntaxError,
  parseLabelSelector,
  requirementsMatch,
  type LabelSelectorLike,
} from './label-selector.ts';

describe('shared label selectors', () => {
  const labels = { app: 'web', tier: 'front', release: '3' };

  describe('string form: parse and match', () => {
    const cases: Array<[string, boolean]> = [
      ['', true],
      ['app=web', true],
      ['app==web', true],
      ['app!=web', false],
      ['app=db', false],
      ['missing!=x', true],
      ['app in (db, web)', true],
      ['app in(web)', true],
      ['app notin (web)', false],
      ['missing notin (web)', true],
      ['tier,app=web', true],
      ['!tier', false],
      ['!missing', true],
      ['missing', false],
      ['release>2', true],
      ['release<3', false],
      ['app>2', false],
      ['example.com/role in (a),app=web', false],
    ];
    for (const [selector, expected] of cases) {
      it(`"${selector}" ${expected ? 'matches' : 'does not match'}`, () => {
        expect(requirementsMatch(parseLabelSelector(selector), labels)).to.equal(expected);
      });
    }

    it('refuses malformed selectors with a typed error', () => {
      for (const selector of ['a in (', '===', 'a=b=c', '!', 'a notin', 'Bad Key=x', 'a=-b-', 'a>x']) {
        expect(() => parseLabelSelector(selector), selector).to.throw(LabelSelectorSyntaxError);
      }
    });
  });

  describe('LabelSelector objects', () => {
    const cases: Array<[string, LabelSelectorLike | undefined, boolean]> = [
      ['absent selects nothing', undefined, false],
      ['empty selects everything', {}, true],
      ['matchLabels all equal', { matchLabels: { app: 'web', tier: 'front' } }, true],
      ['matchLabels one differs', { matchLabels: { app: 'web', tier: 'back' } }, false],
      ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, true],
      ['In on absent key', { matchExpressions: [{ key: 'x', operator: 'In', values: ['web'] }] }, false],
      ['NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
      ['NotIn on absent key', { matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['web'] }] }, true],
      ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
      ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
      ['Gt is not a LabelSelector operator', { matchExpressions: [{ key: 'release', operator: 'Gt', values: ['1'] }] }, false],
      ['unknown operator', { matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }] }, false],
      ['labels and expressions ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    ];
    for (const [name, selector, expected] of cases) {
      it(`${name}: ${expected}`, () => {
        expect(labelSelectorMatches(selector, labels)).to.equal(expected);
      });
    }

    it('node selector expressions also accept Gt and Lt', () => {
      expect(expressionRequirement({ key: 'release', operator: 'Gt', values: ['2'] })).to.equal(undefined);
      const gt = expressionRequirement({ key: 'release', operator: 'Gt', values: ['2'] }, 'node');
      expect(gt && requirementsMatch([gt], labels)).to.equal(true);
      const lt = expressionRequirement({ key: 'release', operator: 'Lt', values: ['3'] }, 'node');
      expect(lt && requirementsMatch([lt], labels)).to.equal(false);
    });
  });

  describe('formatting as upstream prints it (requirements sorted by key, values sorted)', () => {
    const cases: Array<[LabelSelectorLike | undefined, string]> = [
      [undefined, ''],
      [{}, ''],
      [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
      [
        { matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] },
        'a=1,b=2,c in (x,y),!d',
      ],
      [
        { matchLabels: { z: '1' }, matchExpressions: [{ key: 'm', operator: 'NotIn', values: ['b', 'a'] }, { key: 'a', operator: 'Exists' }] },
        'a,m notin (a,b),z=1',
      ],
      [{ matchExpressions: [{ key: 'a', operator: 'Like', values: ['x'] }] }, ''],
    ];
    for (const [selector, expected] of cases) {
      it(`${JSON.stringify(selector)} → "${expected}"`, () => {
        expect(formatLabelSelector(selector)).to.equal(expected);
      });
    }

    it('round-trips through the parser', () => {
      const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] };
      expect(requirementsMatch(parseLabelSelector(formatLabelSelector(selector)), labels)).to.equal(true);
    });
  });
});
