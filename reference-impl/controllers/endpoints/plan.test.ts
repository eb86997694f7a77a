import { expect } from 'chai';
import type { Pod } from '../shared/pods.ts';
import { capSubsets, planSubsets } from './plan.ts';
import type { Service } from './service-pods.ts';

function pod(name: string, ip: string | undefined, options: { ready?: boolean; ports?: { name: string; containerPort: number }[]; deleting?: boolean; phase?: string; hostname?: string; subdomain?: string } = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'web' }, ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-0', hostname: options.hostname, subdomain: options.subdomain, containers: [{ name: 'c', ports: options.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: options.phase ?? 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}
const service = (spec: Service['spec'] = {}): Service => ({ metadata: { name: 'svc', namespace: 'ns' }, spec: { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }], ...spec } });
const ref = (name: string) => ({ kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}` });

describe('endpoints planning', () => {
  it('splits ready and not-ready pods, skips pods without an IP', () => {
    expect(planSubsets(service(), [pod('a', '10.0.0.2'), pod('b', '10.0.0.1', { ready: false }), pod('c', undefined)])).to.deep.equal([
      {
        addresses: [{ ip: '10.0.0.2', nodeName: 'node-0', targetRef: ref('a') }],
        notReadyAddresses: [{ ip: '10.0.0.1', nodeName: 'node-0', targetRef: ref('b') }],
        ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('resolves a named targetPort per pod, giving one subset per port number', () => {
    const subsets = planSubsets(service(), [pod('a', '10.0.0.1', { ports: [{ name: 'http', containerPort: 3000 }] }), pod('b', '10.0.0.2', { ports: [{ name: 'http', containerPort: 3001 }] })]);
    expect(subsets.map((s) => [s.addresses?.[0]?.ip, s.ports?.[0]?.port])).to.deep.equal([['10.0.0.1', 3000], ['10.0.0.2', 3001]]);
  });

  it('drops terminating and finished pods unless publishNotReadyAddresses, which makes all ready', () => {
    const pods = [pod('a', '10.0.0.1', { deleting: true }), pod('b', '10.0.0.2', { ready: false }), pod('c', '10.0.0.3', { phase: 'Succeeded' })];
    expect(planSubsets(service(), pods)[0]).to.deep.equal({ notReadyAddresses: [{ ip: '10.0.0.2', nodeName: 'node-0', targetRef: ref('b') }], ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] });
    const published = planSubsets(service({ publishNotReadyAddresses: true }), pods)[0]!;
    expect(published.addresses?.map((a) => a.ip)).to.deep.equal(['10.0.0.1', '10.0.0.2']);
    expect(published.notReadyAddresses).to.equal(undefined);
  });

  it('sets the hostname when the pod names the service as its subdomain', () => {
    const [subset] = planSubsets(service(), [pod('a', '10.0.0.1', { hostname: 'host-a', subdomain: 'svc' }), pod('b', '10.0.0.2', { hostname: 'host-b', subdomain: 'other' })]);
    expect(subset!.addresses!.map((a) => a.hostname)).to.deep.equal(['host-a', undefined]);
  });

  it('lists addresses without ports for a headless service without ports', () => {
    expect(planSubsets(service({ clusterIP: 'None', ports: [] }), [pod('a', '10.0.0.1')])).to.deep.equal([{ addresses: [{ ip: '10.0.0.1', nodeName: 'node-0', targetRef: ref('a') }] }]);
  });

  it('truncates beyond 1000 addresses', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ ip: `10.0.${Math.floor(i / 250)}.${i % 250}` }));
    const { subsets, truncated } = capSubsets([{ addresses: many }]);
    expect(truncated).to.equal(true);
    expect(subsets[0]!.addresses).to.have.length(1000);
  });
});
