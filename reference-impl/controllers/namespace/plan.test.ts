import { expect } from 'chai';
import { deletionConditions, resourceName } from './plan.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('namespace deletion conditions', () => {
  it('reports remaining content and finalizers as upstream words them', () => {
    const conditions = deletionConditions({ resources: { pods: 2, 'deployments.apps': 1 }, finalizers: { 'example.com/hold': 1 } }, undefined, NOW);
    expect(conditions).to.deep.equal([
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: deployments.apps has 1 resource instances, pods has 2 resource instances', lastTransitionTime: '2026-01-01T00:00:00Z' },
      { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
  });

  it('reports an empty namespace and keeps unchanged conditions as they were', () => {
    const first = deletionConditions({ resources: {}, finalizers: {} }, undefined, NOW);
    expect(first.map((c) => [c.type, c.status, c.reason])).to.deep.equal([
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
    ]);
    expect(deletionConditions({ resources: {}, finalizers: {} }, first, NOW + 60_000)).to.deep.equal(first);
  });

  it('names resources as plural[.group]', () => {
    expect([resourceName('', 'pods'), resourceName('apps', 'deployments')]).to.deep.equal(['pods', 'deployments.apps']);
  });
});
