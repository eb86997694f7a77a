import { expect } from 'chai';
import { planSlices, type EndpointSlice } from '../endpointslice/slices.ts';
import { mirrorGroups, mirrorLabels } from './plan.ts';

const endpoints = { metadata: { name: 'custom', namespace: 'ns', uid: 'ep-uid' } };
const template = {
  namespace: 'ns',
  generateName: 'custom-',
  labels: mirrorLabels(endpoints),
  ownerReference: { apiVersion: 'v1', kind: 'Endpoints', name: 'custom', uid: 'ep-uid', controller: true },
  addressType: 'IPv4' as const,
};

/** A mirrored slice as the API server returns it: an unnamed port comes back with name "". */
function storedSlice(name: string, ip: string): EndpointSlice {
  return {
    metadata: { name, namespace: 'ns', labels: template.labels },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: '', port: 80, protocol: 'TCP' }],
  };
}

describe('endpoint slice mirroring plan', () => {
  it('mirrors addresses as ready and notReadyAddresses as not ready, naming an unnamed port "" as the API server does', () => {
    const [group] = mirrorGroups([{ ports: [{ port: 80, protocol: 'TCP' }], addresses: [{ ip: '10.1.2.3' }], notReadyAddresses: [{ ip: '10.1.2.4' }] }]);
    expect(group!.ports).to.deep.equal([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(group!.endpoints.map((e) => [e.addresses[0], e.conditions.ready])).to.deep.equal([['10.1.2.3', true], ['10.1.2.4', false]]);
  });

  it('updates the existing slice in place when a custom Endpoints address changes (upstream EndpointSliceMirroring conformance)', () => {
    const groups = mirrorGroups([{ ports: [{ port: 80, protocol: 'TCP' }], addresses: [{ ip: '10.2.3.4' }] }]);
    const plan = planSlices([storedSlice('custom-abcde', '10.1.2.3')], groups, template);
    expect(plan.create).to.deep.equal([]);
    expect(plan.delete).to.deep.equal([]);
    expect(plan.update.map((s) => [s.metadata.name, s.endpoints?.[0]?.addresses[0]])).to.deep.equal([['custom-abcde', '10.2.3.4']]);
  });

  it('keeps one of two duplicate slices made by a sync that raced its own creation', () => {
    const groups = mirrorGroups([{ ports: [{ port: 80, protocol: 'TCP' }], addresses: [{ ip: '10.1.2.3' }] }]);
    const plan = planSlices([storedSlice('custom-aaaaa', '10.1.2.3'), storedSlice('custom-bbbbb', '10.1.2.3')], groups, template);
    expect(plan.create).to.deep.equal([]);
    expect(plan.update).to.deep.equal([]);
    expect(plan.delete.map((s) => s.metadata.name)).to.deep.equal(['custom-bbbbb']);
  });
});
