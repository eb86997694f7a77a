import { expect } from 'chai';
import { deletionConditions, deletionPhases, podGraceEstimate, resourceName } from './plan.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const brief = (conditions: { type: string; status: string; reason?: string }[]) => conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('namespace deletion conditions', () => {
  it('reports remaining content and finalizers as upstream words them', () => {
    const conditions = deletionConditions({ resources: { 'pods.': 2, 'deployments.apps': 1 }, finalizers: { 'example.com/hold': 1 } }, undefined, NOW);
    expect(conditions.filter((c) => c.status === 'True')).to.deep.equal([
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances', lastTransitionTime: '2026-01-01T00:00:00Z' },
      { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
  });

  // upstream's "OrderedNamespaceDeletion … should delete pod first" waits for NamespaceDeletionContentFailure to be present.
  it('always carries all five deletion conditions, False when all is well', () => {
    expect(brief(deletionConditions({ resources: {}, finalizers: {} }, undefined, NOW))).to.deep.equal([
      'NamespaceDeletionDiscoveryFailure=False/ResourcesDiscovered',
      'NamespaceDeletionGroupVersionParsingFailure=False/ParsedGroupVersions',
      'NamespaceDeletionContentFailure=False/ContentDeleted',
      'NamespaceContentRemaining=False/ContentRemoved',
      'NamespaceFinalizersRemaining=False/ContentHasNoFinalizers',
    ]);
  });

  it('reports discovery and content failures', () => {
    const conditions = deletionConditions({ resources: {}, finalizers: {} }, undefined, NOW, { discovery: 'boom', content: ['b failed', 'a failed'] });
    const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
    expect(byType.NamespaceDeletionDiscoveryFailure).to.include({ status: 'True', reason: 'DiscoveryFailed', message: 'boom' });
    expect(byType.NamespaceDeletionContentFailure).to.include({ status: 'True', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: a failed, b failed' });
  });

  it('keeps unchanged conditions and transition times, and conditions of other types', () => {
    const other = { type: 'Example', status: 'True' as const, reason: 'X' };
    const first = deletionConditions({ resources: { 'pods.': 1 }, finalizers: {} }, [other], NOW);
    expect(first[0]).to.deep.equal(other);
    const later = deletionConditions({ resources: { 'pods.': 1 }, finalizers: {} }, first, NOW + 60_000);
    expect(later).to.deep.equal(first);
    const emptied = deletionConditions({ resources: {}, finalizers: {} }, first, NOW + 60_000);
    const content = emptied.find((c) => c.type === 'NamespaceContentRemaining')!;
    expect([content.status, content.lastTransitionTime]).to.deep.equal(['False', '2026-01-01T00:01:00Z']);
    expect(emptied.find((c) => c.type === 'NamespaceDeletionContentFailure')!.lastTransitionTime).to.equal('2026-01-01T00:00:00Z');
  });

  it('names resources as plural.group, with a trailing dot for the core group', () => {
    expect([resourceName('', 'pods'), resourceName('apps', 'deployments')]).to.deep.equal(['pods.', 'deployments.apps']);
  });
});

describe('ordered namespace deletion', () => {
  const type = (group: string, plural: string) => ({ group, plural });

  it('deletes pods in a phase of their own, before everything else', () => {
    const phases = deletionPhases([type('', 'configmaps'), type('apps', 'deployments'), type('', 'pods'), type('metrics.k8s.io', 'pods')]);
    expect(phases).to.deep.equal([[type('', 'pods')], [type('', 'configmaps'), type('apps', 'deployments'), type('metrics.k8s.io', 'pods')]]);
    expect(deletionPhases([type('', 'configmaps')])).to.deep.equal([[type('', 'configmaps')]]);
  });

  it('estimates the grace pods still have, from the namespace deletion on', () => {
    const pods = [{ spec: { terminationGracePeriodSeconds: 30 } }, { spec: { terminationGracePeriodSeconds: 90 }, status: { phase: 'Succeeded' } }];
    expect(podGraceEstimate(pods, NOW, NOW + 10_000)).to.equal(30);
    expect(podGraceEstimate(pods, NOW, NOW + 30_000)).to.equal(0);
    expect(podGraceEstimate([], NOW, NOW)).to.equal(0);
  });
});
