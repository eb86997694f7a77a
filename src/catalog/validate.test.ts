import { expect } from 'chai';
import { catalogTest } from './catalog-fixtures.js';
import { validateCatalog } from './validate.js';

describe('validateCatalog', () => {
  it('accepts a well-formed catalog', () => {
    const tests = [catalogTest(), catalogTest({ id: 'hpa-scales', area: 'replicas', profile: 'extended', upstream: [], source: 'https://kubernetes.io/docs/' })];
    expect(validateCatalog(tests, { fileExists: () => true })).to.deep.equal([]);
  });

  const problems: Array<[string, Parameters<typeof catalogTest>[0], RegExp]> = [
    ['a non-kebab id', { id: 'Rolling_Update' }, /kebab-case/],
    ['an unknown area', { area: 'storage' as never }, /unknown area "storage"/],
    ['a description without MUST', { description: 'Deployments roll out.' }, /MUST/],
    ['a codename without [Conformance]', { upstream: ['[sig-apps] Deployment should roll'] }, /malformed upstream codename/],
    ['a codename without a sig', { upstream: ['Deployment should roll [Conformance]'] }, /malformed upstream codename/],
    ['a codename with stray spaces', { upstream: ['[sig-apps] Deployment  should roll [Conformance] '] }, /malformed upstream codename/],
    ['an extended test without source', { profile: 'extended' }, /names no source/],
  ];
  for (const [what, overrides, message] of problems) {
    it(`rejects ${what}`, () => {
      const found = validateCatalog([catalogTest(overrides)]);
      expect(found.map((p) => p.problem).join('\n')).to.match(message);
    });
  }

  it('rejects duplicate ids and ids that do not match their file', () => {
    const found = validateCatalog([catalogTest(), catalogTest()], { fileExists: (area, id) => `${area}/${id}` === 'deployment/other' });
    expect(found.map((p) => p.problem)).to.include('duplicate id').and.include('id does not match a file: expected deployment/deployment-rolling-update.ts');
  });
});
