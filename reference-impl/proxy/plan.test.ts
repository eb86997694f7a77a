import { expect } from 'chai';
import { AffinityTable, endpointsFor, planListeners, type EndpointSlice, type Service } from './plan.ts';

const service = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'ns' }, spec });

describe('service proxy planning', () => {
  it('listens on ClusterIP ports and on every node for NodePorts, never for headless or ExternalName', () => {
    const listeners = planListeners(
      [
        service('a', { clusterIP: '127.42.0.5', ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
        service('b', { type: 'NodePort', clusterIP: '127.42.0.6', ports: [{ port: 80, nodePort: 30080 }] }),
        service('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
        service('ext', { type: 'ExternalName', ports: [{ port: 80 }] }),
      ],
      ['127.42.16.1', '127.42.16.2'],
    );
    expect(listeners.map((l) => l.key).sort()).to.deep.equal([
      '127.42.0.5:53/UDP',
      '127.42.0.5:80/TCP',
      '127.42.0.6:80/TCP',
      '127.42.16.1:30080/TCP',
      '127.42.16.2:30080/TCP',
    ]);
    expect(listeners.find((l) => l.key === '127.42.0.5:53/UDP')).to.include({ service: 'ns/a', portName: 'dns', protocol: 'UDP' });
    expect(planListeners([service('kube-dns', { clusterIP: '127.42.0.10', ports: [{ port: 53, protocol: 'UDP' }] })], [], ['127.42.0.10'])).to.deep.equal([]);
  });

  it('routes only to ready endpoints of the matching port name', () => {
    const slices: EndpointSlice[] = [
      {
        metadata: { name: 's1' },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: [
          { addresses: ['127.42.32.2'], conditions: { ready: true } },
          { addresses: ['127.42.32.3'], conditions: { ready: false } },
          { addresses: ['127.42.32.4'], conditions: {} },
        ],
      },
      { metadata: { name: 's2' }, ports: [{ name: 'other', port: 9090 }], endpoints: [{ addresses: ['127.42.32.9'] }] },
    ];
    expect(endpointsFor(slices, 'http', 'TCP')).to.deep.equal([
      { ip: '127.42.32.2', port: 8080 },
      { ip: '127.42.32.4', port: 8080 },
    ]);
    expect(endpointsFor(slices, 'http', 'TCP', { includeUnready: true })).to.have.length(3);
    expect(endpointsFor(slices, 'http', 'UDP')).to.deep.equal([]);
  });

  it('keeps a client on one backend until the affinity timeout passes', () => {
    const table = new AffinityTable();
    const backends = [
      { ip: 'a', port: 1 },
      { ip: 'b', port: 1 },
    ];
    let turn = 0;
    const alternate = (): number => (turn++ % 2 === 0 ? 0 : 0.9);
    const first = table.choose('127.42.32.7', backends, 10, 0, alternate);
    expect(table.choose('127.42.32.7', backends, 10, 5_000, alternate)).to.deep.equal(first);
    expect(table.choose('127.42.32.7', backends, 10, 16_000, alternate)).to.not.deep.equal(first);
  });
});
