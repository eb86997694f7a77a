import { expect } from 'chai';
import type { Pod } from '../controllers/shared/pods.ts';
import { milliCpu, parseQuantity } from '../controllers/shared/quantity.ts';
import { pickNode, podRequests, unfitReasons, unschedulableMessage, type Node } from './plan.ts';

const node = (name: string, extra: { labels?: Record<string, string>; taints?: Node['spec'] extends infer S ? S extends { taints?: infer T } ? T : never : never; unschedulable?: boolean; ready?: boolean; cpu?: string } = {}): Node => ({
  metadata: { name, labels: extra.labels ?? {} },
  spec: { taints: extra.taints, unschedulable: extra.unschedulable },
  status: { allocatable: { cpu: extra.cpu ?? '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
});
const pod = (spec: Pod['spec'] = {}): Pod => ({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c' }], ...spec } });
const empty = { pods: 0, requests: { milliCpu: 0, memory: 0 } };

describe('scheduler planning', () => {
  it('parses quantities', () => {
    expect([milliCpu('100m'), milliCpu('1.5'), milliCpu(2), parseQuantity('128Mi'), parseQuantity('1G'), parseQuantity('2e3')]).to.deep.equal([100, 1500, 2000, 134217728, 1e9, 2000]);
  });

  it('sums container requests, taking the largest init container when larger', () => {
    const p = pod({ containers: [{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', resources: { requests: { cpu: '200m' } } }], initContainers: [{ name: 'i', resources: { requests: { cpu: '500m' } } }] });
    expect(podRequests(p)).to.deep.equal({ milliCpu: 500, memory: 64 * 2 ** 20 });
  });

  const cases: { name: string; pod: Pod; node: Node; used?: typeof empty; reasons: string[] }[] = [
    { name: 'fits a plain pod on a Ready node', pod: pod(), node: node('n'), reasons: [] },
    { name: 'refuses a node that does not match nodeSelector', pod: pod({ nodeSelector: { disk: 'ssd' } }), node: node('n'), reasons: ["node(s) didn't match Pod's node affinity/selector"] },
    { name: 'accepts a node that matches nodeSelector', pod: pod({ nodeSelector: { disk: 'ssd' } }), node: node('n', { labels: { disk: 'ssd' } }), reasons: [] },
    { name: 'refuses an untolerated NoSchedule taint', pod: pod(), node: node('n', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), reasons: ['node(s) had untolerated taint {gpu: yes}'] },
    { name: 'accepts a tolerated taint', pod: pod({ tolerations: [{ key: 'gpu', operator: 'Exists' }] }), node: node('n', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), reasons: [] },
    { name: 'ignores PreferNoSchedule', pod: pod(), node: node('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), reasons: [] },
    { name: 'treats a not-Ready node as tainted', pod: pod(), node: node('n', { ready: false }), reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] },
    { name: 'refuses an unschedulable node', pod: pod(), node: node('n', { unschedulable: true }), reasons: ['node(s) were unschedulable'] },
    { name: 'refuses requests beyond free allocatable cpu', pod: pod({ containers: [{ name: 'c', resources: { requests: { cpu: '1500m' } } }] }), node: node('n'), used: { pods: 1, requests: { milliCpu: 1000, memory: 0 } }, reasons: ['Insufficient cpu'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(unfitReasons(c.pod, c.node, c.used ?? empty)).to.deep.equal(c.reasons);
    });
  }

  it('spreads pods to the least loaded node, ties by name', () => {
    const usage = new Map([['a', { pods: 2, requests: { milliCpu: 0, memory: 0 } }], ['b', { pods: 1, requests: { milliCpu: 0, memory: 0 } }]]);
    expect(pickNode([node('a'), node('b'), node('c')], usage)?.metadata.name).to.equal('c');
    expect(pickNode([node('b'), node('a')], new Map())?.metadata.name).to.equal('a');
  });

  it('formats the FailedScheduling message as upstream', () => {
    const reasons = new Map([['a', ["node(s) didn't match Pod's node affinity/selector"]], ['b', ['node(s) had untolerated taint {gpu: }']]]);
    expect(unschedulableMessage(2, reasons)).to.equal(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {gpu: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    expect(unschedulableMessage(1, new Map([['a', ['Insufficient cpu']]]))).to.equal('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });
});
