import { expect } from 'chai';
import type { Pod } from '../shared/pods.ts';
import { isPodAvailable, msUntilAvailable } from '../shared/pods.ts';
import { calculateStatus, claimPods, planReplicas, podFromTemplate, podsToDelete, slowStartBatches, terminatingPodsOf, type ReplicaOwner } from './plan.ts';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, options: { labels?: Record<string, string>; owner?: string; node?: string; phase?: string; ready?: boolean; readySince?: string; restarts?: number; created?: string; deleting?: boolean; cost?: number } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      labels: options.labels ?? { app: 'web' },
      creationTimestamp: options.created ?? '2026-01-01T00:00:00Z',
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:09:00Z' } : {}),
      ...(options.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(options.cost) } } : {}),
      ...(options.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: options.owner, controller: true }] } : {}),
    },
    spec: { nodeName: options.node },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', lastTransitionTime: options.readySince ?? '2026-01-01T00:01:00Z' }],
      containerStatuses: [{ name: 'c', restartCount: options.restarts ?? 0 }],
    },
  };
}

const owner = (overrides: Partial<ReplicaOwner> = {}): ReplicaOwner => ({
  uid: 'rs-uid',
  deleting: false,
  replicas: 3,
  minReadySeconds: 0,
  generation: 2,
  selector: { matchLabels: { app: 'web' } },
  templateLabels: { app: 'web', tier: 'front' },
  ...overrides,
});

describe('replica planning', () => {
  describe('claimPods', () => {
    const cases: { name: string; pods: Pod[]; owner?: Partial<ReplicaOwner>; adopt: string[]; release: string[]; owned: string[] }[] = [
      { name: 'adopts a matching orphan', pods: [pod('a')], adopt: ['a'], release: [], owned: ['a'] },
      { name: 'ignores a non-matching orphan', pods: [pod('a', { labels: { app: 'db' } })], adopt: [], release: [], owned: [] },
      { name: 'keeps an owned matching pod', pods: [pod('a', { owner: 'rs-uid' })], adopt: [], release: [], owned: ['a'] },
      { name: 'releases an owned pod that stopped matching', pods: [pod('a', { owner: 'rs-uid', labels: { app: 'x' } })], adopt: [], release: ['a'], owned: [] },
      { name: 'leaves pods of another controller alone', pods: [pod('a', { owner: 'other' })], adopt: [], release: [], owned: [] },
      { name: 'does not adopt a terminating orphan', pods: [pod('a', { deleting: true })], adopt: [], release: [], owned: [] },
      { name: 'neither adopts nor releases while the owner is deleted', owner: { deleting: true }, pods: [pod('a'), pod('b', { owner: 'rs-uid', labels: { app: 'x' } })], adopt: [], release: [], owned: ['b'] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const claim = claimPods(owner(c.owner), c.pods);
        const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);
        expect({ adopt: names(claim.adopt), release: names(claim.release), owned: names(claim.owned) }).to.deep.equal({ adopt: c.adopt, release: c.release, owned: c.owned });
      });
    }
  });

  it('creates in slow-start batches 1, 2, 4, …', () => {
    expect(slowStartBatches(0)).to.deep.equal([]);
    expect(slowStartBatches(1)).to.deep.equal([1]);
    expect(slowStartBatches(10)).to.deep.equal([1, 2, 4, 3]);
    expect(slowStartBatches(15)).to.deep.equal([1, 2, 4, 8]);
  });

  it('plans creations and deletions from the difference, capped at the burst size', () => {
    expect(planReplicas(3, [pod('a')])).to.deep.equal({ kind: 'create', count: 2 });
    expect(planReplicas(1000, [])).to.deep.equal({ kind: 'create', count: 500 });
    expect(planReplicas(1, [pod('a')])).to.deep.equal({ kind: 'none' });
    const plan = planReplicas(1, [pod('a', { node: 'n1' }), pod('b')]);
    expect(plan.kind === 'delete' && plan.pods.map((p) => p.metadata.name)).to.deep.equal(['b']);
  });

  describe('deletion ranking', () => {
    const cases: { name: string; pods: Pod[]; first: string }[] = [
      { name: 'unscheduled before scheduled', pods: [pod('scheduled', { node: 'n1' }), pod('unscheduled')], first: 'unscheduled' },
      { name: 'Pending before Running', pods: [pod('running', { node: 'n1' }), pod('pending', { node: 'n1', phase: 'Pending' })], first: 'pending' },
      { name: 'Pending before Unknown', pods: [pod('unknown', { node: 'n1', phase: 'Unknown' }), pod('pending', { node: 'n1', phase: 'Pending' })], first: 'pending' },
      { name: 'not ready before ready', pods: [pod('ready', { node: 'n1' }), pod('unready', { node: 'n1', ready: false })], first: 'unready' },
      { name: 'lower deletion cost first', pods: [pod('costly', { node: 'n1', cost: 10 }), pod('cheap', { node: 'n2', cost: -5 })], first: 'cheap' },
      { name: 'doubled-up node first', pods: [pod('alone', { node: 'n1' }), pod('crowd1', { node: 'n2' }), pod('crowd2', { node: 'n2' })], first: 'crowd1' },
      { name: 'ready for less time first', pods: [pod('old', { node: 'n1', readySince: '2026-01-01T00:01:00Z' }), pod('fresh', { node: 'n2', readySince: '2026-01-01T00:05:00Z' })], first: 'fresh' },
      { name: 'more restarts first', pods: [pod('calm', { node: 'n1' }), pod('flaky', { node: 'n2', restarts: 4 })], first: 'flaky' },
      { name: 'newer first', pods: [pod('older', { node: 'n1', created: '2026-01-01T00:00:00Z' }), pod('newer', { node: 'n2', created: '2026-01-01T00:02:00Z' })], first: 'newer' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(podsToDelete(c.pods, c.pods, 1).map((p) => p.metadata.name)).to.deep.equal([c.first]);
      });
    }
  });

  describe('calculateStatus', () => {
    it('counts replicas, fully labeled, ready and available pods', () => {
      const pods = [
        pod('full', { labels: { app: 'web', tier: 'front' } }),
        pod('partial'),
        pod('unready', { ready: false }),
        pod('just-ready', { readySince: '2026-01-01T00:09:55Z' }),
      ];
      const status = calculateStatus(owner({ minReadySeconds: 10 }), pods, undefined, undefined, NOW);
      expect(status).to.deep.equal({ replicas: 4, fullyLabeledReplicas: 1, readyReplicas: 3, availableReplicas: 2, observedGeneration: 2 });
    });

    it('counts only active pods as replicas and reports terminating ones apart (upstream 1.33+)', () => {
      // What a rolling update looks like while old pods shut down gracefully.
      const all = [
        pod('serving', { owner: 'rs-uid' }),
        pod('shutting-down', { owner: 'rs-uid', deleting: true }),
        pod('shut-down', { owner: 'rs-uid', deleting: true, phase: 'Succeeded' }),
        pod('crashed', { owner: 'rs-uid', phase: 'Failed' }),
        pod('someone-elses', { owner: 'other-uid', deleting: true }),
        pod('relabelled', { owner: 'rs-uid', deleting: true, labels: { app: 'other' } }),
      ];
      const active = all.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
      const terminating = terminatingPodsOf(owner(), all);
      expect(terminating.map((p) => p.metadata.name)).to.deep.equal(['shutting-down']);
      const status = calculateStatus(owner(), claimPods(owner(), active).owned, undefined, undefined, NOW, terminating);
      expect(status).to.include({ replicas: 1, readyReplicas: 1, availableReplicas: 1, terminatingReplicas: 1 });
      // ReplicationControllers have no such field: nothing is reported when not asked.
      expect(calculateStatus(owner(), [], undefined, undefined, NOW)).to.not.have.property('terminatingReplicas');
    });

    const availability = [
      { name: 'not Ready', ready: false, since: '2026-01-01T00:09:00Z', min: 0, available: false, waitMs: undefined },
      { name: 'Ready, no minReadySeconds', ready: true, since: '2026-01-01T00:10:00Z', min: 0, available: true, waitMs: undefined },
      { name: 'Ready for less than minReadySeconds', ready: true, since: '2026-01-01T00:09:55Z', min: 10, available: false, waitMs: 5000 },
      { name: 'Ready for exactly minReadySeconds (upstream: strictly more)', ready: true, since: '2026-01-01T00:09:50Z', min: 10, available: false, waitMs: 0 },
      { name: 'Ready for longer than minReadySeconds', ready: true, since: '2026-01-01T00:09:49Z', min: 10, available: true, waitMs: undefined },
    ];
    for (const c of availability) {
      it(`availability: ${c.name}`, () => {
        const p = pod('p', { ready: c.ready, readySince: c.since });
        expect(isPodAvailable(p, c.min, NOW)).to.equal(c.available);
        expect(msUntilAvailable(p, c.min, NOW)).to.equal(c.waitMs);
        // Rechecking once the wait is over (plus the controller's margin) finds the pod available.
        if (c.waitMs !== undefined) expect(isPodAvailable(p, c.min, NOW + c.waitMs + 1)).to.equal(true);
      });
    }

    it('sets ReplicaFailure on a failed create and removes it once a sync succeeds', () => {
      const failed = calculateStatus(owner(), [], undefined, { creating: true, message: 'pods "x" is forbidden: exceeded quota' }, NOW);
      expect(failed.conditions).to.deep.equal([
        { type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T00:10:00Z', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota' },
      ]);
      const again = calculateStatus(owner(), [], failed.conditions, { creating: true, message: 'other' }, NOW + 5000);
      expect(again.conditions).to.deep.equal(failed.conditions);
      expect(calculateStatus(owner(), [], failed.conditions, undefined, NOW).conditions).to.equal(undefined);
      expect(calculateStatus(owner(), [], undefined, { creating: false, message: 'x' }, NOW).conditions?.[0]?.reason).to.equal('FailedDelete');
    });
  });

  it('builds pods from the template with a controller reference', () => {
    const built = podFromTemplate(
      { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'httpd' }] } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', namespace: 'ns' },
    );
    expect(built.metadata).to.deep.equal({
      generateName: 'web-abc-',
      namespace: 'ns',
      labels: { app: 'web' },
      annotations: { a: 'b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
    expect(built.spec).to.deep.equal({ containers: [{ name: 'c', image: 'httpd' }] });
  });
});
