import { ApiClient } from '../client/index.ts';
import type { Component } from '../component.ts';
import { CLUSTER_DOMAIN, DNS_SERVICE_IP } from '../network-config.ts';
import { ClusterDns } from './dns-server.ts';

/**
 * Cluster DNS as a component, listening on DNS_SERVICE_IP (the kube-dns Service address).
 * If the address is taken (another cluster on this machine), DNS is skipped with a log line
 * rather than failing the whole cluster.
 */
export function clusterDnsComponent(options: { port?: number } = {}): Component {
  return {
    name: 'cluster-dns',
    async start(ctx) {
      const client = new ApiClient({ server: ctx.server, token: ctx.token, caPem: ctx.caPem, userAgent: 'coredns/kcert' });
      const dns = new ClusterDns({ client, ip: DNS_SERVICE_IP, port: options.port ?? 53, domain: CLUSTER_DOMAIN, faults: ctx.faults, log: (line) => ctx.log(line) });
      try {
        await dns.start();
      } catch (error) {
        ctx.log(`cluster DNS not started on ${DNS_SERVICE_IP}:${options.port ?? 53}: ${(error as Error).message}`);
      }
      return {
        async stop() {
          await dns.stop();
          client.close();
        },
      };
    },
  };
}
