import { expect } from 'chai';
import { parse } from 'yaml';
import { catalogTest } from './catalog-fixtures.js';
import { formatCatalog } from './list-format.js';

describe('formatCatalog', () => {
  const tests = [
    catalogTest(),
    catalogTest({ id: 'hpa-scales', area: 'replicas', profile: 'extended', upstream: [], description: 'An HPA MUST scale | up.', source: 'KEP-853' }),
  ];

  it('json and yaml entries carry id, area, profile, upstream and description', () => {
    for (const entries of [JSON.parse(formatCatalog(tests, 'json')), parse(formatCatalog(tests, 'yaml'))] as Array<Array<Record<string, unknown>>>) {
      expect(entries).to.have.length(2);
      expect(entries[0]).to.include({ id: 'deployment-rolling-update', area: 'deployment', profile: 'core' });
      expect(entries[0]!.upstream).to.deep.equal(tests[0]!.upstream);
      expect(entries[1]).to.include({ description: 'An HPA MUST scale | up.', source: 'KEP-853' });
    }
  });

  it('markdown has a table per area with the MUST statement and the codenames', () => {
    const markdown = formatCatalog(tests, 'markdown');
    expect(markdown).to.include('## deployment').and.include('## replicas');
    expect(markdown).to.include('| `deployment-rolling-update` | core | A Deployment with strategy RollingUpdate MUST replace every old Pod. | `[sig-apps] Deployment RollingUpdateDeployment');
    expect(markdown).to.include('An HPA MUST scale \\| up. (source: KEP-853)');
  });

  it('the table lists every test and a count', () => {
    const table = formatCatalog(tests, 'table');
    expect(table).to.match(/^ID\s+AREA\s+PROFILE/).and.include('hpa-scales').and.include('2 tests');
  });
});
