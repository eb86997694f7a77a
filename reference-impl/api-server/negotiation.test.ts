import { expect } from 'chai';
import { negotiateDiscovery } from './discovery.ts';
import { negotiateObject } from './negotiation.ts';

describe('content negotiation', () => {
  it('picks the discovery format in the order clients list them', () => {
    const v2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    const v2beta1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
    expect(negotiateDiscovery(`${v2},${v2beta1},application/json`)).to.equal('v2');
    expect(negotiateDiscovery(`${v2beta1},application/json`)).to.equal('v2beta1');
    expect(negotiateDiscovery('application/json')).to.equal('legacy');
    expect(negotiateDiscovery(undefined)).to.equal('legacy');
    expect(negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json')).to.equal('legacy');
    expect(negotiateDiscovery('application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).to.equal(undefined);
  });

  it('answers tables only where asked and possible, and 406 when nothing fits', () => {
    const kubectlGet = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    expect(negotiateObject(kubectlGet, true)).to.deep.equal({ kind: 'table', version: 'v1' });
    expect(negotiateObject(kubectlGet, false)).to.deep.equal({ kind: 'object' });
    expect(negotiateObject('application/json;as=Table;v=v1;g=meta.k8s.io', false)).to.equal(undefined);
    expect(negotiateObject('application/vnd.kubernetes.protobuf,application/json', true)).to.deep.equal({ kind: 'object' });
    expect(negotiateObject('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', true)).to.deep.equal({ kind: 'partialMetadata', version: 'v1' });
    expect(negotiateObject('text/html', true)).to.equal(undefined);
    expect(negotiateObject(undefined, true)).to.deep.equal({ kind: 'object' });
  });
});
