import { expect } from 'chai';
import { expandReferences, podHostname, resolverFor } from './pod-environment.ts';
import type { Pod } from './pod-types.ts';

const pod = (spec: Partial<Pod['spec']>, name = 'web'): Pod => ({ metadata: { name, namespace: 'ns' }, spec: { containers: [], ...spec } });

describe('pod environment', () => {
  it('gives ClusterFirst pods cluster DNS with namespace search paths and ndots 5', () => {
    const config = resolverFor(pod({}), '127.10.0.5', 53);
    expect(config).to.deep.include({ nameservers: ['127.96.0.10'], searches: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 });
    expect(config.hosts).to.deep.include({ web: '127.10.0.5' });
  });

  it('applies dnsPolicy None with dnsConfig only, and hostname + subdomain hosts entries', () => {
    const none = resolverFor(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['resolv.conf.local'], options: [{ name: 'ndots', value: '2' }] } }), '127.10.0.6', 53);
    expect(none).to.deep.include({ nameservers: ['1.1.1.1'], searches: ['resolv.conf.local'], ndots: 2 });
    const named = resolverFor(pod({ hostname: 'dns-querier-1', subdomain: 'dns-test-service' }), '127.10.0.7', 53);
    expect(named.hosts).to.deep.include({ 'dns-querier-1': '127.10.0.7', 'dns-querier-1.dns-test-service.ns.svc.cluster.local': '127.10.0.7' });
    expect(podHostname(pod({ hostname: 'dns-querier-1' }))).to.equal('dns-querier-1');
  });

  it('uses no search paths for hostNetwork pods unless ClusterFirstWithHostNet', () => {
    expect(resolverFor(pod({ hostNetwork: true }), '127.1.0.1', 53).searches).to.deep.equal([]);
    expect(resolverFor(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), '127.1.0.1', 53).searches).to.have.length(3);
  });

  it('expands $(VAR) references, keeps unknown ones and honours $$ escapes', () => {
    const env = { NAME: 'world' };
    expect(expandReferences('hello $(NAME)', env)).to.equal('hello world');
    expect(expandReferences('$(MISSING) $$(NAME)', env)).to.equal('$(MISSING) $(NAME)');
  });
});
