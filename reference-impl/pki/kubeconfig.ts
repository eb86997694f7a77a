import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface AdminKubeconfig {
  server: string;
  caCertPem: string;
  token: string;
}

export const KUBECONFIG_CONTEXT = 'kcert-reference';

/** The admin kubeconfig kubectl and client-node read (CA embedded, bearer token, namespace default). */
export function renderKubeconfig(config: AdminKubeconfig): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: KUBECONFIG_CONTEXT,
        cluster: { server: config.server, 'certificate-authority-data': Buffer.from(config.caCertPem).toString('base64') },
      },
    ],
    users: [{ name: 'kcert-admin', user: { token: config.token } }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context: { cluster: KUBECONFIG_CONTEXT, user: 'kcert-admin', namespace: 'default' } }],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  });
}

export async function writeKubeconfig(path: string, config: AdminKubeconfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderKubeconfig(config), { mode: 0o600 });
}
