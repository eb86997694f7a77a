import { expect } from 'chai';
import { findResource } from '../registry/resources.ts';
import { defaultGarbageCollectionPolicy, gracePeriodFor, parseDeleteOptions, withPropagationFinalizers } from './delete.ts';

describe('deletion planning', () => {
  const pods = findResource('', 'v1', 'pods')!;
  const configmaps = findResource('', 'v1', 'configmaps')!;

  it('maps propagation policies to the garbage collector finalizers', () => {
    expect(withPropagationFinalizers(['a'], { propagationPolicy: 'Foreground' })).to.deep.equal(['a', 'foregroundDeletion']);
    expect(withPropagationFinalizers(['foregroundDeletion'], { propagationPolicy: 'Orphan' })).to.deep.equal(['orphan']);
    expect(withPropagationFinalizers(['orphan', 'a'], { propagationPolicy: 'Background' })).to.deep.equal(['a']);
    expect(withPropagationFinalizers(['a'], { orphanDependents: true })).to.deep.equal(['a', 'orphan']);
    expect(withPropagationFinalizers(['orphan'], {})).to.deep.equal(['orphan']);
  });

  it('orphans the pods of a core/v1 ReplicationController deleted without a policy, as upstream', () => {
    const rcs = findResource('', 'v1', 'replicationcontrollers')!;
    expect(defaultGarbageCollectionPolicy(rcs)).to.equal('Orphan');
    expect(defaultGarbageCollectionPolicy(findResource('apps', 'v1', 'replicasets')!)).to.equal('Background');
    expect(withPropagationFinalizers([], {}, 'Orphan')).to.deep.equal(['orphan']);
    expect(withPropagationFinalizers(['foregroundDeletion'], {}, 'Orphan')).to.deep.equal(['foregroundDeletion']);
    expect(withPropagationFinalizers([], { propagationPolicy: 'Background' }, 'Orphan')).to.deep.equal([]);
    expect(withPropagationFinalizers([], {})).to.deep.equal([]);
  });

  it('gives only scheduled, non-terminal pods a grace period', () => {
    const pod = (spec: object, phase = 'Running') => ({ spec, status: { phase } });
    expect(gracePeriodFor(pods, pod({ nodeName: 'n' }), { dryRun: false })).to.equal(30);
    expect(gracePeriodFor(pods, pod({ nodeName: 'n', terminationGracePeriodSeconds: 5 }), { dryRun: false })).to.equal(5);
    expect(gracePeriodFor(pods, pod({ nodeName: 'n' }), { dryRun: false, gracePeriodSeconds: 0 })).to.equal(0);
    expect(gracePeriodFor(pods, pod({ nodeName: 'n' }), { dryRun: false, gracePeriodSeconds: -3 })).to.equal(1);
    expect(gracePeriodFor(pods, pod({}), { dryRun: false })).to.equal(0);
    expect(gracePeriodFor(pods, pod({ nodeName: 'n' }, 'Succeeded'), { dryRun: false })).to.equal(0);
    expect(gracePeriodFor(configmaps, {}, { dryRun: false, gracePeriodSeconds: 30 })).to.equal(0);
  });

  it('reads DeleteOptions from the body and the query', () => {
    expect(parseDeleteOptions(new URLSearchParams('gracePeriodSeconds=5&dryRun=All'), undefined)).to.deep.equal({ dryRun: true, gracePeriodSeconds: 5 });
    expect(parseDeleteOptions(new URLSearchParams(), { propagationPolicy: 'Foreground', preconditions: { uid: 'u' } })).to.deep.equal({
      dryRun: false,
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u', resourceVersion: undefined },
    });
    expect(() => parseDeleteOptions(new URLSearchParams(), { propagationPolicy: 'Sideways' })).to.throw().with.property('code', 400);
  });
});
