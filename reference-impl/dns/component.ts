import { ApiClient, RESOURCES, isAlreadyExists, type KubeObject } from '../client/index.ts';
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
      await ensureKubeDnsService(client, ctx.log);
      return {
        async stop() {
          await dns.stop();
          client.close();
        },
      };
    },
  };
}

/** The kube-system/kube-dns Service, as the DNS add-on installs it; its ClusterIP is DNS_SERVICE_IP. */
async function ensureKubeDnsService(client: ApiClient, log: (line: string) => void): Promise<void> {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      clusterIP: DNS_SERVICE_IP,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  } as KubeObject;
  try {
    await client.create(RESOURCES.services, service, 'kube-system');
  } catch (error) {
    if (!isAlreadyExists(error)) log(`kube-dns Service not created: ${(error as Error).message}`);
  }
}
