import { expect } from 'chai';
import { answer, type DnsData } from './records.ts';

const D = 'cluster.local';
const data: DnsData = {
  services: [
    { name: 'kubernetes', namespace: 'default', clusterIP: '127.42.0.1', ports: [{ name: 'https', port: 443 }] },
    { name: 'web', namespace: 'ns', clusterIP: '127.42.0.20', ports: [{ name: 'http', port: 80 }] },
    { name: 'dns-test-service', namespace: 'ns', clusterIP: 'None', ports: [{ name: 'http', port: 80 }] },
    { name: 'ext', namespace: 'ns', type: 'ExternalName', externalName: 'foo.example.com', ports: [] },
  ],
  endpoints: new Map([
    [
      'ns/dns-test-service',
      [
        { ip: '127.42.32.5', hostname: 'dns-querier-1', ready: true },
        { ip: '127.42.32.6', ready: true },
        { ip: '127.42.32.7', ready: false },
      ],
    ],
  ]),
};

const datas = (set: ReturnType<typeof answer>): unknown[] => set.answers.map((a) => (a as { data: unknown }).data);

describe('cluster DNS records', () => {
  it('answers A for ClusterIP services and NXDOMAIN for unknown names', () => {
    expect(datas(answer(data, 'kubernetes.default.svc.cluster.local.', 'A', D))).to.deep.equal(['127.42.0.1']);
    expect(answer(data, 'nope.ns.svc.cluster.local', 'A', D).rcode).to.equal('NXDOMAIN');
    expect(answer(data, 'www.example.com', 'A', D).rcode).to.equal('NXDOMAIN');
  });

  it('answers headless services with ready endpoints, per-pod hostnames and SRV', () => {
    expect(datas(answer(data, 'dns-test-service.ns.svc.cluster.local', 'A', D))).to.deep.equal(['127.42.32.5', '127.42.32.6']);
    expect(datas(answer(data, 'dns-querier-1.dns-test-service.ns.svc.cluster.local', 'A', D))).to.deep.equal(['127.42.32.5']);
    expect(datas(answer(data, '127-42-32-6.dns-test-service.ns.svc.cluster.local', 'A', D))).to.deep.equal(['127.42.32.6']);
    const srv = answer(data, '_http._tcp.dns-test-service.ns.svc.cluster.local', 'SRV', D);
    expect(srv.answers).to.have.length(2);
    expect(datas(answer(data, '_http._tcp.web.ns.svc.cluster.local', 'SRV', D))).to.deep.equal([{ priority: 0, weight: 100, port: 80, target: 'web.ns.svc.cluster.local' }]);
    expect(answer(data, 'dns-test-service.ns.svc.cluster.local', 'A', D, { noHeadlessRecords: true }).rcode).to.equal('NXDOMAIN');
  });

  it('answers ExternalName with a CNAME, PTR for cluster IPs, and pod records', () => {
    expect(answer(data, 'ext.ns.svc.cluster.local', 'CNAME', D).answers[0]).to.include({ type: 'CNAME', data: 'foo.example.com' });
    expect(datas(answer(data, '20.0.42.127.in-addr.arpa', 'PTR', D))).to.deep.equal(['web.ns.svc.cluster.local']);
    expect(datas(answer(data, '127-42-35-4.ns.pod.cluster.local', 'A', D))).to.deep.equal(['127.42.35.4']);
  });
});
