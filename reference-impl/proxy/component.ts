import { ApiClient } from '../client/index.ts';
import type { Component } from '../component.ts';
import { ServiceProxy } from './service-proxy.ts';

/** The Service proxy as a cluster component: one instance serves every node IP. */
export function serviceProxyComponent(): Component {
  return {
    name: 'service-proxy',
    async start(ctx) {
      const client = new ApiClient({ server: ctx.server, token: ctx.token, caPem: ctx.caPem, userAgent: 'kube-proxy/kcert' });
      const nodeIPs = Array.from({ length: Math.max(1, ctx.nodes) }, (_, index) => ctx.network.nodeIP(index));
      // Cluster DNS serves its own Service address; the proxy must not listen there too.
      const proxy = new ServiceProxy({ client, nodeIPs, reservedIPs: [ctx.network.dnsServiceIP], faults: ctx.faults, log: (line) => ctx.log(line) });
      await proxy.start();
      return {
        async stop() {
          await proxy.stop();
          client.close();
        },
      };
    },
  };
}
