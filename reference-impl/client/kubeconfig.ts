import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ClientConfig } from './api-client.ts';

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
  users?: { name: string; user: { token?: string } }[];
}

/** Reads the server, CA and bearer token of the current context of a kubeconfig written by the cluster. */
export async function clientConfigFromKubeconfig(path: string, userAgent?: string): Promise<ClientConfig> {
  const config = parse(await readFile(path, 'utf8')) as Kubeconfig;
  const contextName = config['current-context'] ?? config.contexts?.[0]?.name;
  const context = config.contexts?.find((entry) => entry.name === contextName)?.context;
  const cluster = config.clusters?.find((entry) => entry.name === context?.cluster)?.cluster;
  const user = config.users?.find((entry) => entry.name === context?.user)?.user;
  if (!cluster) throw new Error(`kubeconfig ${path}: no cluster for context ${contextName}`);
  let caPem: string | undefined;
  if (cluster['certificate-authority-data']) caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  else if (cluster['certificate-authority']) caPem = await readFile(cluster['certificate-authority'], 'utf8');
  return { server: cluster.server, caPem, token: user?.token, userAgent };
}
