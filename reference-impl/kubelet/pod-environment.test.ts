import { expect } from 'chai';
import { networkPlan } from '../network-config.ts';
import { expandReferences, podHostname, resolverFor, type PodNetworkView } from './pod-environment.ts';
import type { Pod } from './pod-types.ts';

const pod = (spec: Partial<Pod['spec']>, name = 'web'): Pod => ({ metadata: { name, namespace: 'ns' }, spec: { containers: [], ...spec } });

describe('pod environment', () => {
  const plan = networkPlan(42);
  const cluster: PodNetworkView = { dnsServiceIP: plan.dnsServiceIP, dnsPort: 53, kubernetesServiceIP: plan.kubernetesServiceIP, clusterDomain: plan.clusterDomain };
  const podIP = (n: number) => `127.42.32.${n}`;
  it('gives ClusterFirst pods cluster DNS with namespace search paths and ndots 5', () => {
    const config = resolverFor(pod({}), podIP(5), cluster);
    expect(config).to.deep.include({ nameservers: ['127.42.0.10'], searches: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 });
    expect(config.hosts).to.deep.include({ web: podIP(5) });
  });

  it('applies dnsPolicy None with dnsConfig only, and hostname + subdomain hosts entries', () => {
    const none = resolverFor(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['resolv.conf.local'], options: [{ name: 'ndots', value: '2' }] } }), podIP(6), cluster);
    expect(none).to.deep.include({ nameservers: ['1.1.1.1'], searches: ['resolv.conf.local'], ndots: 2 });
    const named = resolverFor(pod({ hostname: 'dns-querier-1', subdomain: 'dns-test-service' }), podIP(7), cluster);
    expect(named.hosts).to.deep.include({ 'dns-querier-1': podIP(7), 'dns-querier-1.dns-test-service.ns.svc.cluster.local': podIP(7) });
    expect(podHostname(pod({ hostname: 'dns-querier-1' }))).to.equal('dns-querier-1');
  });

  it('uses no search paths for hostNetwork pods unless ClusterFirstWithHostNet', () => {
    expect(resolverFor(pod({ hostNetwork: true }), plan.nodeIP(0), cluster).searches).to.deep.equal([]);
    expect(resolverFor(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), plan.nodeIP(0), cluster).searches).to.have.length(3);
  });

  it('expands $(VAR) references, keeps unknown ones and honours $$ escapes', () => {
    const env = { NAME: 'world' };
    expect(expandReferences('hello $(NAME)', env)).to.equal('hello world');
    expect(expandReferences('$(MISSING) $$(NAME)', env)).to.equal('$(MISSING) $(NAME)');
  });

  it('reduces every $$ to $, as upstream DNS probe scripts rely on', () => {
    const script = 'check="$$(dig +notcp +noall +answer +search kubernetes.default A)" && test -n "$$check" && echo OK';
    expect(expandReferences(script, { check: 'x' })).to.equal('check="$(dig +notcp +noall +answer +search kubernetes.default A)" && test -n "$check" && echo OK');
    expect(expandReferences('cost $5 $ $(unclosed', {})).to.equal('cost $5 $ $(unclosed');
  });
});
