import { expect } from 'chai';
import { lastRevision, maxRevision, setNewReplicaSetAnnotations, REVISION, REVISION_HISTORY } from './annotations.ts';
import { computeHash, equalIgnoreHash } from './hash.ts';
import { planRollback, replicaSetsToCleanUp } from './plan-history.ts';
import { newReplicaSetReplicas, resolveFenceposts, scaleDownOldReplicaSets, scaledValue } from './plan-rolling.ts';
import { isScalingEvent, planScale, roundHalfAwayFromZero } from './plan-scale.ts';
import { terminatingReplicaSum, type Deployment, type ReplicaSet } from './types.ts';

function deployment(replicas: number, maxSurge: number | string = 3, maxUnavailable: number | string = 2, extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'd-uid', generation: 1 },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'new' }] } }, ...extra },
  };
}

function rs(name: string, replicas: number, options: { available?: number; created?: string; revision?: string; desired?: number; max?: number; image?: string; actual?: number } = {}): ReplicaSet {
  return {
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: options.created ?? '2026-01-01T00:00:00Z',
      generation: 1,
      annotations: {
        ...(options.revision ? { [REVISION]: options.revision } : {}),
        ...(options.desired !== undefined ? { 'deployment.kubernetes.io/desired-replicas': String(options.desired) } : {}),
        ...(options.max !== undefined ? { 'deployment.kubernetes.io/max-replicas': String(options.max) } : {}),
      },
    },
    spec: { replicas, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image: options.image ?? name }] } } },
    status: { replicas: options.actual ?? replicas, availableReplicas: options.available ?? replicas, observedGeneration: 1 },
  };
}

const sizesOf = (steps: { rs: ReplicaSet; size: number }[]) => Object.fromEntries(steps.map((step) => [step.rs.metadata.name, step.size]));

describe('deployment planning', () => {
  describe('maxSurge / maxUnavailable rounding', () => {
    const cases: [number | string, number | string, number, { surge: number; unavailable: number }][] = [
      ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
      ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
      [0, 0, 5, { surge: 0, unavailable: 1 }],
      ['0%', '0%', 5, { surge: 0, unavailable: 1 }],
      [1, 0, 3, { surge: 1, unavailable: 0 }],
      ['50%', '10%', 3, { surge: 2, unavailable: 0 }],
      [3, 2, 10, { surge: 3, unavailable: 2 }],
    ];
    for (const [surge, unavailable, desired, want] of cases) {
      it(`maxSurge ${surge}, maxUnavailable ${unavailable} of ${desired} → ${want.surge}/${want.unavailable}`, () => {
        expect(resolveFenceposts(surge, unavailable, desired)).to.deep.equal(want);
      });
    }
    it('rejects a string that is neither a number nor a percentage', () => {
      expect(() => scaledValue('abc', 10, true)).to.throw(/IntOrString/);
    });
  });

  describe('rolling update', () => {
    it('grows the new ReplicaSet up to replicas + maxSurge', () => {
      const d = deployment(10);
      const old = rs('old', 10);
      const fresh = rs('new', 0);
      expect(newReplicaSetReplicas(d, [old, fresh], fresh)).to.equal(3);
      expect(newReplicaSetReplicas(d, [old, fresh], fresh, true)).to.equal(10);
    });

    it('scales old ReplicaSets down only as far as maxUnavailable allows (upstream: 10/3/2 → old 8)', () => {
      const d = deployment(10);
      const sizes = scaleDownOldReplicaSets(d, [rs('old', 10)], rs('new', 3, { available: 0 }));
      expect([...sizes]).to.deep.equal([['old', 8]]);
    });

    it('removes unhealthy old replicas first, oldest set first', () => {
      const d = deployment(4, 1, 1);
      const older = rs('older', 1, { available: 0, created: '2026-01-01T00:00:00Z' });
      const old = rs('old', 3, { available: 3, created: '2026-01-01T00:01:00Z' });
      // 5 pods, at least 3 available: 1 unhealthy goes first, then 1 healthy (4 available > 3).
      const sizes = scaleDownOldReplicaSets(d, [old, older], rs('new', 1, { available: 1 }));
      expect(Object.fromEntries(sizes)).to.deep.equal({ older: 0, old: 2 });
    });

    it('does nothing while new pods are unavailable and availability is at the minimum', () => {
      const d = deployment(10);
      expect(scaleDownOldReplicaSets(d, [rs('old', 8)], rs('new', 5, { available: 0 })).size).to.equal(0);
    });

    it('scales everything old to 0 under the deployment-ignores-max-unavailable fault', () => {
      const sizes = scaleDownOldReplicaSets(deployment(10), [rs('old', 10)], rs('new', 3, { available: 0 }), true);
      expect(Object.fromEntries(sizes)).to.deep.equal({ old: 0 });
    });
  });

  describe('proportional scaling (upstream e2e numbers)', () => {
    it('reaches 8 and 5 for 10 replicas, maxSurge 3, maxUnavailable 2 with a stuck image', () => {
      const d = deployment(10);
      const old = rs('old', 10);
      const fresh = rs('new', 0, { available: 0 });
      const grown = newReplicaSetReplicas(d, [old, fresh], fresh);
      expect(grown).to.equal(3);
      const shrunk = scaleDownOldReplicaSets(d, [old], rs('new', grown, { available: 0 }));
      expect(shrunk.get('old')).to.equal(8);
      const newAgain = newReplicaSetReplicas(d, [rs('old', 8), rs('new', 3, { available: 0 })], rs('new', 3, { available: 0 }));
      expect(newAgain).to.equal(5);
      expect(scaleDownOldReplicaSets(d, [rs('old', 8)], rs('new', 5, { available: 0 })).size).to.equal(0);
    });

    it('scales 8/5 to 20/13 when the Deployment goes to 30', () => {
      const d = deployment(30);
      const old = rs('old', 8, { desired: 10, max: 13, created: '2026-01-01T00:00:00Z' });
      const fresh = rs('new', 5, { available: 0, desired: 10, max: 13, created: '2026-01-01T00:05:00Z' });
      expect(isScalingEvent(d, [old, fresh])).to.equal(true);
      expect(sizesOf(planScale(d, fresh, [old]))).to.deep.equal({ old: 20, new: 13 });
    });

    it('puts the whole difference on the newest set under the no-proportional-scaling fault', () => {
      const d = deployment(30);
      const old = rs('old', 8, { desired: 10, max: 13, created: '2026-01-01T00:00:00Z' });
      const fresh = rs('new', 5, { available: 0, desired: 10, max: 13, created: '2026-01-01T00:05:00Z' });
      expect(sizesOf(planScale(d, fresh, [old], true))).to.deep.equal({ old: 8, new: 25 });
    });

    it('scales down proportionally, older sets first on ties', () => {
      const d = deployment(5, 1, 0);
      const a = rs('a', 6, { desired: 10, max: 11, created: '2026-01-01T00:00:00Z' });
      const b = rs('b', 5, { available: 0, desired: 10, max: 11, created: '2026-01-01T00:05:00Z' });
      // allowed 6, total 11 → remove 5: a takes round(6*6/11)-6 = -3, b round(5*6/11)-5 = -2.
      expect(sizesOf(planScale(d, b, [a]))).to.deep.equal({ a: 3, b: 3 });
    });

    it('gives a single active set the whole count', () => {
      expect(sizesOf(planScale(deployment(7), rs('new', 3, { desired: 3 }), [rs('old', 0)]))).to.deep.equal({ new: 7 });
    });

    it('rounds halves away from zero like Go', () => {
      expect([2.5, -2.5, 1.4, -1.6].map(roundHalfAwayFromZero)).to.deep.equal([3, -3, 1, -2]);
    });
  });

  describe('terminating replicas (status.terminatingReplicas, upstream 1.33+)', () => {
    const withTerminating = (set: ReplicaSet, terminating: number | undefined, observedGeneration = 1): ReplicaSet => ({
      ...set,
      status: { ...set.status, observedGeneration, ...(terminating !== undefined ? { terminatingReplicas: terminating } : {}) },
    });
    const cases: { name: string; sets: ReplicaSet[]; want: number | undefined }[] = [
      { name: 'sums what the sets report', sets: [withTerminating(rs('old', 0), 3), withTerminating(rs('new', 4), 1)], want: 4 },
      { name: 'skips a set its controller has not synced yet', sets: [withTerminating(rs('old', 0), 2), withTerminating(rs('new', 1), undefined, 0)], want: 2 },
      { name: 'is unknown when a synced set does not report it', sets: [withTerminating(rs('old', 0), 2), withTerminating(rs('new', 1), undefined)], want: undefined },
      { name: 'is 0 without sets', sets: [], want: 0 },
    ];
    for (const c of cases) it(c.name, () => expect(terminatingReplicaSum(c.sets)).to.equal(c.want));
  });

  describe('revisions', () => {
    it('computes revisions beyond 2^53 exactly', () => {
      const sets = [rs('adopted', 1, { revision: '3546343826724305832' }), rs('other', 0, { revision: '7' })];
      expect((maxRevision(sets) + 1n).toString()).to.equal('3546343826724305833');
      expect(lastRevision([...sets, rs('x', 0, { revision: '3546343826724305833' })]).toString()).to.equal('3546343826724305832');
    });

    it('raises a rolled-back-to set to the new revision and remembers the old one', () => {
      const d = deployment(3);
      d.metadata.annotations = { team: 'a', [REVISION]: '5', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
      const annotations: Record<string, string> = { [REVISION]: '2', [REVISION_HISTORY]: '1' };
      expect(setNewReplicaSetAnnotations(d, annotations, 6n, true, { desired: 3, max: 4 })).to.equal(true);
      expect(annotations).to.deep.equal({ [REVISION]: '6', [REVISION_HISTORY]: '1,2', team: 'a' });
      const created: Record<string, string> = {};
      setNewReplicaSetAnnotations(d, created, 1n, false, { desired: 3, max: 4 });
      expect(created).to.deep.equal({ team: 'a', [REVISION]: '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    });

    it('plans rollbacks to a revision or to the previous one', () => {
      const d = deployment(1);
      d.spec.template = rs('v3', 0).spec.template;
      const sets = [rs('v1', 0, { revision: '1' }), rs('v2', 0, { revision: '2' }), rs('v3', 1, { revision: '3' })];
      expect(planRollback(d, sets, 0n)).to.include({ kind: 'rollback', revision: 2n });
      expect(planRollback(d, sets, 1n)).to.include({ kind: 'rollback', revision: 1n });
      expect(planRollback(d, sets, 3n).kind).to.equal('unchanged');
      expect(planRollback(d, sets, 9n)).to.deep.equal({ kind: 'not-found', message: 'Unable to find the revision to rollback to.' });
      expect(planRollback(d, [rs('v3', 1, { revision: '3' })], 0n)).to.deep.equal({ kind: 'not-found', message: 'Unable to find last revision.' });
    });
  });

  it('cleans up the lowest revisions beyond revisionHistoryLimit, never sets with pods', () => {
    const d = deployment(1, 1, 0, { revisionHistoryLimit: 1 });
    const sets = [rs('r1', 0, { revision: '1' }), rs('r2', 1, { revision: '2' }), rs('r3', 0, { revision: '3' })];
    expect(replicaSetsToCleanUp(d, sets).map((set) => set.metadata.name)).to.deep.equal(['r1']);
    expect(replicaSetsToCleanUp({ ...d, spec: { ...d.spec, revisionHistoryLimit: 0 } }, sets).map((set) => set.metadata.name)).to.deep.equal(['r1', 'r3']);
  });

  it('hashes templates stably into the safe alphabet and compares them ignoring the hash label', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    expect(computeHash(template)).to.match(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(computeHash(template)).to.equal(computeHash(structuredClone(template)));
    expect(computeHash(template, 1)).to.not.equal(computeHash(template));
    const labelled = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' }, annotations: {} } };
    expect(equalIgnoreHash(template, labelled)).to.equal(true);
    expect(equalIgnoreHash(template, { ...template, spec: { containers: [{ name: 'c', image: 'y' }] } })).to.equal(false);
  });
});
