import { expect } from 'chai';
import { labelSelectorToString, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';

describe('label and field selectors', () => {
  const labels = { app: 'web', tier: 'front', release: '3' };
  // The grammar's full table lives in reference-impl/shared/label-selector.test.ts; these check the API server's use of it.
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app in (db, web),release>2', true],
    ['example.com/role in (a),app=web', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}" ${expected ? 'matches' : 'does not match'}`, () => {
      expect(matchesLabels(parseLabelSelector(selector), labels)).to.equal(expected);
    });
  }

  it('refuses malformed label selectors with 400', () => {
    for (const selector of ['a in (', '===', 'a=b=c', '!', 'a notin', 'Bad Key=x', 'a=-b-', 'a>x']) {
      expect(() => parseLabelSelector(selector), selector).to.throw().with.property('code', 400);
    }
  });

  it('renders LabelSelector objects in the string form Scale.status.selector uses', () => {
    expect(labelSelectorToString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] })).to.equal(
      'a=1,b=2,c in (x,y),!d',
    );
  });

  it('matches supported field selectors and refuses unknown fields', () => {
    const supported = new Set(['metadata.name', 'status.phase']);
    const requirements = parseFieldSelector('metadata.name=web,status.phase!=Failed', supported);
    expect(matchesFields(requirements, { 'metadata.name': 'web', 'status.phase': 'Running' })).to.equal(true);
    expect(matchesFields(requirements, { 'metadata.name': 'web', 'status.phase': 'Failed' })).to.equal(false);
    expect(() => parseFieldSelector('spec.unknown=1', supported)).to.throw().with.property('code', 400);
  });
});
