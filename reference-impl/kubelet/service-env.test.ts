import { expect } from 'chai';
import { serviceEnvVars, visibleServices } from './service-env.ts';

describe('service environment variables', () => {
  it('writes the upstream variable set for each port', () => {
    const env = serviceEnvVars([{ metadata: { name: 'fooservice' }, spec: { clusterIP: '127.42.0.44', ports: [{ name: 'http-api', port: 8765, protocol: 'TCP' }] } }]);
    expect(env).to.deep.equal({
      FOOSERVICE_SERVICE_HOST: '127.42.0.44',
      FOOSERVICE_SERVICE_PORT: '8765',
      FOOSERVICE_SERVICE_PORT_HTTP_API: '8765',
      FOOSERVICE_PORT: 'tcp://127.42.0.44:8765',
      FOOSERVICE_PORT_8765_TCP: 'tcp://127.42.0.44:8765',
      FOOSERVICE_PORT_8765_TCP_PROTO: 'tcp',
      FOOSERVICE_PORT_8765_TCP_PORT: '8765',
      FOOSERVICE_PORT_8765_TCP_ADDR: '127.42.0.44',
    });
    expect(serviceEnvVars([{ metadata: { name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } }])).to.deep.equal({});
  });

  it('shows the namespace services unless service links are off, and always the kubernetes service', () => {
    const all = [
      { metadata: { name: 'kubernetes', namespace: 'default' } },
      { metadata: { name: 'a', namespace: 'ns' } },
      { metadata: { name: 'b', namespace: 'other' } },
    ];
    expect(visibleServices(all, 'ns', true).map((s) => s.metadata.name)).to.deep.equal(['a', 'kubernetes']);
    expect(visibleServices(all, 'ns', false).map((s) => s.metadata.name)).to.deep.equal(['kubernetes']);
  });
});
