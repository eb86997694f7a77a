import { expect } from 'chai';
import type { Pod } from '../shared/pods.ts';
import type { Service } from '../endpoints/service-pods.ts';
import { planEndpointGroups, sliceLabels } from './plan.ts';
import { planSlices, type EndpointSlice, type SliceEndpoint } from './slices.ts';

const template = { namespace: 'ns', generateName: 'svc-', labels: { 'kubernetes.io/service-name': 'svc' }, ownerReference: { apiVersion: 'v1', kind: 'Service', name: 'svc', uid: 'svc-uid', controller: true }, addressType: 'IPv4' as const };
const endpoint = (ip: string): SliceEndpoint => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false } });
const port = { name: 'web', port: 8080, protocol: 'TCP' };
const existing = (name: string, ips: string[], ports = [port]): EndpointSlice => ({ metadata: { name, namespace: 'ns', labels: template.labels }, addressType: 'IPv4', endpoints: ips.map(endpoint), ports });

describe('endpoint slice planning', () => {
  it('sets ready, serving and terminating from the pod', () => {
    const service: Service = { metadata: { name: 'svc', namespace: 'ns', labels: { team: 'a' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const pod = (name: string, ip: string, ready: boolean, deleting = false): Pod => ({
      metadata: { name, namespace: 'ns', uid: name, labels: { app: 'web' }, ...(deleting ? { deletionTimestamp: 'x' } : {}) },
      spec: { nodeName: 'n1', containers: [] },
      status: { podIP: ip, phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const [group] = planEndpointGroups(service, [pod('a', '10.0.0.1', true), pod('b', '10.0.0.2', false), pod('c', '10.0.0.3', true, true)], () => 'zone-a');
    expect(group!.endpoints.map((e) => [e.addresses[0], e.conditions, e.zone])).to.deep.equal([
      ['10.0.0.1', { ready: true, serving: true, terminating: false }, 'zone-a'],
      ['10.0.0.2', { ready: false, serving: false, terminating: false }, 'zone-a'],
      ['10.0.0.3', { ready: false, serving: true, terminating: true }, 'zone-a'],
    ]);
    expect(group!.ports).to.deep.equal([{ port: 8080, protocol: 'TCP' }]);
    expect(sliceLabels(service)).to.deep.equal({ team: 'a', 'kubernetes.io/service-name': 'svc', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
  });

  it('keeps one empty placeholder slice for a service without endpoints', () => {
    const plan = planSlices([], [], template);
    expect(plan.create).to.have.length(1);
    expect(plan.create[0]).to.deep.include({ endpoints: [], ports: null });
  });

  it('leaves matching slices alone, updates changed ones and deletes surplus', () => {
    const plan = planSlices([existing('same', ['10.0.0.1']), existing('extra', ['10.0.0.9'], [{ ...port, port: 9090 }])], [{ ports: [port], endpoints: [endpoint('10.0.0.1')] }], template);
    expect(plan.create).to.deep.equal([]);
    expect(plan.update).to.deep.equal([]);
    expect(plan.delete.map((s) => s.metadata.name)).to.deep.equal(['extra']);
    const changed = planSlices([existing('same', ['10.0.0.1'])], [{ ports: [port], endpoints: [endpoint('10.0.0.2')] }], template);
    expect(changed.update.map((s) => s.endpoints?.[0]?.addresses[0])).to.deep.equal(['10.0.0.2']);
  });

  it('treats a stored unnamed port (name "") as the same port as a desired one without a name', () => {
    const unnamed = { port: 8080, protocol: 'TCP' };
    const plan = planSlices([existing('stored', ['10.0.0.1'], [{ ...unnamed, name: '' }])], [{ ports: [unnamed], endpoints: [endpoint('10.0.0.1')] }], template);
    expect(plan.create).to.deep.equal([]);
    expect(plan.delete).to.deep.equal([]);
    expect(plan.update).to.deep.equal([]);
  });

  it('packs at most maxPerSlice endpoints per slice', () => {
    const endpoints = Array.from({ length: 5 }, (_, i) => endpoint(`10.0.0.${i + 1}`));
    const plan = planSlices([], [{ ports: [port], endpoints }], template, 2);
    expect(plan.create.map((s) => s.endpoints?.length)).to.deep.equal([2, 2, 1]);
  });
});
