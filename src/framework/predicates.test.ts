import { expect } from 'chai';
import { allOf, anyOf, fieldEquals, not } from './predicate.js';
import { availableReplicas, controlledBy, gone, hasCondition, rolloutComplete } from './predicates.js';
import { count, every, runningPods, selectorText, workloadSelector } from './selection.js';
import { keepsMinimumAvailable, replicaSetsWithinSurge, resolveFenceposts } from './workload-helpers.js';
import { IMAGES, overrideImages, remapImages } from './images.js';

const deploymentWith = (spec: object, status: object, generation = 1) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec, status });

describe('framework predicates', () => {
  it('treat an omitted status count as 0 and name the field they read', () => {
    expect(availableReplicas(0).check(deploymentWith({}, {}))).to.deep.equal({ ok: true, observed: 'status.availableReplicas = <unset>' });
    expect(availableReplicas(3).check(deploymentWith({}, { availableReplicas: 1 }))).to.deep.equal({ ok: false, observed: 'status.availableReplicas = 1' });
    expect(availableReplicas(3).check(undefined)).to.deep.equal({ ok: false, observed: 'the object does not exist' });
  });

  it('rolloutComplete follows upstream DeploymentComplete, including the observed generation', () => {
    const done = { replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2 };
    expect(rolloutComplete().check(deploymentWith({ replicas: 3 }, done, 2)).ok).to.equal(true);
    expect(rolloutComplete().check(deploymentWith({ replicas: 3 }, done, 3)).ok).to.equal(false);
    expect(rolloutComplete().check(deploymentWith({ replicas: 3 }, { ...done, replicas: 4 }, 2)).ok).to.equal(false);
  });

  it('resolves maxSurge up and maxUnavailable down, as the controller does', () => {
    expect(resolveFenceposts(undefined, undefined, 10)).to.deep.equal({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(3, 2, 10)).to.deep.equal({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('0%', '10%', 5)).to.deep.equal({ surge: 0, unavailable: 1 });
    const bounded = deploymentWith({ replicas: 6, strategy: { rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } } }, { availableReplicas: 4 });
    expect(keepsMinimumAvailable().check(bounded)).to.deep.equal({ ok: false, observed: 'status.availableReplicas = 4 (min 5)' });
    const sets = [{ metadata: { name: 'old' }, spec: { replicas: 5 } }, { metadata: { name: 'new' }, spec: { replicas: 4 } }];
    expect(replicaSetsWithinSurge(bounded as never).check(sets)).to.deep.equal({ ok: false, observed: 'spec.replicas of old=5, new=4 sum to 9' });
  });

  it('combine with allOf, anyOf and not, reporting the failing parts', () => {
    const d = deploymentWith({ replicas: 2 }, { readyReplicas: 2, availableReplicas: 1 });
    const both = allOf(fieldEquals('2 ready', 'status.readyReplicas', 2), availableReplicas(2));
    expect(both.check(d)).to.deep.equal({ ok: false, observed: 'status.availableReplicas = 1' });
    expect(anyOf(availableReplicas(1), gone()).check(d).ok).to.equal(true);
    expect(not(availableReplicas(1)).check(d).ok).to.equal(false);
  });

  it('recognise conditions, controllers and deletion', () => {
    const rs = { metadata: { name: 'rs', uid: 'u1' }, status: { conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }] } };
    expect(hasCondition('ReplicaFailure').check(rs).ok).to.equal(true);
    expect(hasCondition('ReplicaFailure', 'True', 'Other').check(rs).ok).to.equal(false);
    const pod = { metadata: { name: 'p', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] } };
    expect(controlledBy(rs).check(pod).ok).to.equal(true);
    expect(gone().check(undefined).ok).to.equal(true);
    expect(gone().check(pod).ok).to.equal(false);
  });

  it('count pods as upstream helpers do, ignoring terminating pods when checking Running', () => {
    const p = (name: string, phase: string, deleting = false) => ({ metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) }, status: { phase } });
    expect(runningPods(2).check([p('a', 'Running'), p('b', 'Running'), p('c', 'Running', true)]).ok).to.equal(true);
    expect(runningPods(2).check([p('a', 'Running'), p('b', 'Pending')]).observed).to.equal('pods: 2: a (Running), b (Pending)');
    expect(count(1).check([]).ok).to.equal(false);
    expect(every(fieldEquals('Running', 'status.phase', 'Running')).check([]).ok, 'every needs at least one').to.equal(false);
  });

  it('render label selectors of workloads (LabelSelector and RC map)', () => {
    expect(selectorText({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] })).to.equal(
      'app=web,tier in (a,b),!x',
    );
    expect(workloadSelector({ kind: 'ReplicationController', spec: { selector: { name: 'rc' } } } as never)).to.equal('name=rc');
  });
});

describe('image table', () => {
  it('remaps every pullable image to a mirror and leaves the deliberately unpullable ones alone', () => {
    const mirrored = remapImages('mirror.local/k8s/');
    expect(mirrored.agnhost).to.equal('mirror.local/k8s/agnhost:2.63.0');
    expect(mirrored.pause).to.equal('mirror.local/k8s/pause:3.10.1');
    expect(mirrored.nonexistentWebserver).to.equal(IMAGES.nonexistentWebserver);
  });

  it('applies an images file and rejects unknown names', () => {
    expect(overrideImages({ httpd: 'mine/httpd:1' }).httpd).to.equal('mine/httpd:1');
    expect(() => overrideImages({ nope: 'x' })).to.throw(/unknown image name\(s\) nope/);
  });
});
