import { expect } from 'chai';
import { catalogTest } from '../catalog/catalog-fixtures.js';
import { UsageError } from '../errors.js';
import { parseSelection, planRun } from './plan.js';

describe('planRun', () => {
  const catalog = [
    catalogTest({ id: 'rolling' }),
    catalogTest({ id: 'rs-scale', area: 'replicas', upstream: ['[sig-apps] ReplicaSet Replicaset should have a working scale subresource [Conformance]'] }),
    catalogTest({ id: 'hpa', area: 'replicas', profile: 'extended', upstream: [] }),
    catalogTest({ id: 'svc', area: 'networking', upstream: ['[sig-network] Services should serve a basic endpoint from pods [Conformance]'] }),
  ];
  const ids = (flags: Parameters<typeof parseSelection>[0]) => planRun(catalog, parseSelection(flags)).selected.map((test) => test.id);

  it('runs core tests of every suite by default, in catalog order', () => {
    expect(ids({})).to.deep.equal(['rolling', 'rs-scale', 'svc']);
  });

  it('adds extended tests with --profile extended', () => {
    expect(ids({ profile: 'extended' })).to.deep.equal(['rolling', 'rs-scale', 'hpa', 'svc']);
  });

  it('selects by suite, by focus on ids and upstream codenames, and skips', () => {
    expect(ids({ suite: 'replicas,networking' })).to.deep.equal(['rs-scale', 'svc']);
    expect(ids({ focus: '\\[sig-network\\]' })).to.deep.equal(['svc']);
    expect(ids({ focus: '^rolling$' })).to.deep.equal(['rolling']);
    expect(ids({ skip: 'scale|svc' })).to.deep.equal(['rolling']);
  });

  it('explains every exclusion, for --dry-run', () => {
    const plan = planRun(catalog, parseSelection({ suite: 'deployment' }));
    expect(plan.excluded).to.deep.include({ id: 'svc', reason: 'suite networking not selected' });
    expect(plan.excluded).to.deep.include({ id: 'hpa', reason: 'suite replicas not selected' });
  });

  it('turns bad selection flags into usage errors', () => {
    expect(() => parseSelection({ suite: 'storage' })).to.throw(UsageError, /unknown suite storage/);
    expect(() => parseSelection({ profile: 'full' })).to.throw(UsageError, /--profile/);
    expect(() => parseSelection({ skip: '[' })).to.throw(UsageError, /--skip/);
  });
});
