import { expect } from 'chai';
import type { KubeObject, OwnerReference } from '../../client/index.ts';
import { blockingDependents, planDependent, unblockedOwners, type OwnerState } from './plan.ts';

const ref = (uid: string, block = false): OwnerReference => ({ apiVersion: 'v1', kind: 'ReplicationController', name: uid, uid, blockOwnerDeletion: block });
const object = (extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({ metadata: { name: 'dep', namespace: 'ns', uid: 'dep-uid', ...extra } });
const owners = (...states: [string, OwnerState, boolean?][]) => states.map(([uid, state, block]) => ({ ref: ref(uid, block), state }));

describe('garbage collector planning', () => {
  const cases: { name: string; dependent: KubeObject; owners: ReturnType<typeof owners>; own?: { any: boolean; deletingDependents: boolean }; want: unknown }[] = [
    { name: 'keeps a dependent whose owners exist', dependent: object(), owners: owners(['a', 'solid']), want: { kind: 'none' } },
    { name: 'deletes a dependent whose only owner is gone (Background)', dependent: object(), owners: owners(['a', 'dangling']), want: { kind: 'delete', policy: 'Background', unblock: [] } },
    { name: 'drops the reference to a gone owner while another owner remains', dependent: object(), owners: owners(['a', 'dangling'], ['b', 'solid']), want: { kind: 'remove-references', uids: ['a'] } },
    { name: 'keeps a dependent that also has a valid owner when one owner waits', dependent: object(), owners: owners(['a', 'waiting', true], ['b', 'solid']), want: { kind: 'remove-references', uids: ['a'] } },
    { name: 'deletes a dependent of a waiting owner', dependent: object(), owners: owners(['a', 'waiting', true]), want: { kind: 'delete', policy: 'Background', unblock: [] } },
    { name: 'deletes in the foreground when the dependent has dependents, keeping the owner blocked', dependent: object(), owners: owners(['a', 'waiting', true]), own: { any: true, deletingDependents: false }, want: { kind: 'delete', policy: 'Foreground', unblock: [] } },
    { name: 'unblocks its owners first when a dependent of its own also deletes in the foreground (a cycle)', dependent: object(), owners: owners(['a', 'waiting', true]), own: { any: true, deletingDependents: true }, want: { kind: 'delete', policy: 'Foreground', unblock: ['a'] } },
    { name: 'honours the dependent\'s own orphan finalizer', dependent: object({ finalizers: ['orphan'] }), owners: owners(['a', 'dangling']), want: { kind: 'delete', policy: 'Orphan', unblock: [] } },
    { name: 'leaves a dependent that is already being deleted', dependent: object({ deletionTimestamp: '2026-01-01T00:00:00Z' }), owners: owners(['a', 'dangling']), want: { kind: 'none' } },
    { name: 'has nothing to do without owners', dependent: object(), owners: [], want: { kind: 'none' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(planDependent(c.dependent, c.owners, c.own ?? { any: false, deletingDependents: false })).to.deep.equal(c.want);
    });
  }

  it('counts only dependents that block their owner', () => {
    const blocking = { metadata: { name: 'x', ownerReferences: [ref('o', true)] } };
    const free = { metadata: { name: 'y', ownerReferences: [ref('o', false)] } };
    expect(blockingDependents('o', [blocking, free]).map((d) => d.metadata.name)).to.deep.equal(['x']);
  });

  it('tells which owners an update stopped blocking', () => {
    const before = object({ ownerReferences: [ref('a', true), ref('b', true), ref('c', false), ref('d', true)] });
    const after = object({ ownerReferences: [ref('b', false), ref('c', true), ref('d', true)] });
    expect(unblockedOwners(before, after)).to.deep.equal(['a', 'b']);
    expect(unblockedOwners(after, after)).to.deep.equal([]);
  });
});
