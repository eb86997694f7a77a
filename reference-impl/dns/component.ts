import { ApiClient, RESOURCES, isAlreadyExists, type KubeObject } from '../client/index.ts';
import type { Component } from '../component.ts';
import { ClusterDns } from './dns-server.ts';

/**
 * Cluster DNS as a component, listening on the kube-dns Service address of the cluster's network
 * plan (no other cluster uses it: each holds its own network slot). If it cannot listen (e.g. port
 * 53 without the privilege), DNS is skipped with a log line rather than failing the whole cluster.
 */
export function clusterDnsComponent(options: { port?: number } = {}): Component {
  return {
    name: 'cluster-dns',
    async start(ctx) {
      const client = new ApiClient({ server: ctx.server, token: ctx.token, caPem: ctx.caPem, userAgent: 'coredns/kcert' });
      const { dnsServiceIP, clusterDomain } = ctx.network;
      const dns = new ClusterDns({ client, ip: dnsServiceIP, port: options.port ?? 53, domain: clusterDomain, faults: ctx.faults, log: (line) => ctx.log(line) });
      try {
        await dns.start();
      } catch (error) {
        ctx.log(`cluster DNS not started on ${dnsServiceIP}:${options.port ?? 53}: ${(error as Error).message}`);
      }
      await ensureKubeDnsService(client, dnsServiceIP, ctx.log);
      return {
        async stop() {
          await dns.stop();
          client.close();
        },
      };
    },
  };
}

/** The kube-system/kube-dns Service, as the DNS add-on installs it, at the plan's DNS address. */
async function ensureKubeDnsService(client: ApiClient, dnsServiceIP: string, log: (line: string) => void): Promise<void> {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      clusterIP: dnsServiceIP,
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
