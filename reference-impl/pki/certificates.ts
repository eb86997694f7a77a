import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * The cluster's credentials, generated on first start and kept in the data directory so that a
 * restarted server keeps its identity (kubeconfigs written earlier stay valid).
 */
export interface ClusterCredentials {
  caCertPem: string;
  servingCertPem: string;
  servingKeyPem: string;
  /** Bearer token of the admin user written into the kubeconfig. */
  adminToken: string;
}

const FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  servingCert: 'apiserver.crt',
  servingKey: 'apiserver.key',
  token: 'admin.token',
} as const;

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export interface CredentialOptions {
  /**
   * The `kubernetes` Service VIP of the data dir's network slot: the serving certificate must name
   * it, since pods reach the API server there. A certificate that does not (an older data dir) is
   * issued anew by the same CA, so kubeconfigs written earlier stay valid. Readers that only load
   * existing credentials leave it out.
   */
  kubernetesServiceIP?: string;
}

/** Loads the credentials from dir, creating whatever is missing. */
export async function loadOrCreateCredentials(dir: string, options: CredentialOptions = {}): Promise<ClusterCredentials> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  if (!existsSync(path(FILES.caCert)) || !existsSync(path(FILES.caKey))) {
    const ca = await createCertificateAuthority();
    await writeFile(path(FILES.caKey), ca.key, { mode: 0o600 });
    await writeFile(path(FILES.caCert), ca.cert);
  }
  const caCertPem = await readFile(path(FILES.caCert), 'utf8');
  const caKeyPem = await readFile(path(FILES.caKey), 'utf8');
  const serviceIP = options.kubernetesServiceIP;
  const servingMissing = !existsSync(path(FILES.servingCert)) || !existsSync(path(FILES.servingKey));
  if (servingMissing || (serviceIP && !new X509Certificate(await readFile(path(FILES.servingCert))).checkIP(serviceIP))) {
    const serving = await createServingCertificate({ cert: caCertPem, key: caKeyPem }, serviceIP);
    await writeFile(path(FILES.servingKey), serving.key, { mode: 0o600 });
    await writeFile(path(FILES.servingCert), serving.cert);
  }
  if (!existsSync(path(FILES.token))) {
    await writeFile(path(FILES.token), randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  return {
    caCertPem,
    servingCertPem: await readFile(path(FILES.servingCert), 'utf8'),
    servingKeyPem: await readFile(path(FILES.servingKey), 'utf8'),
    adminToken: (await readFile(path(FILES.token), 'utf8')).trim(),
  };
}

async function createCertificateAuthority(): Promise<{ cert: string; key: string }> {
  const now = new Date();
  // sha256: OpenSSL 3 refuses SHA-1 signatures (ERR_SSL_CA_MD_TOO_WEAK).
  const result = await generate([{ name: 'commonName', value: 'kcert-reference-ca' }], {
    algorithm: 'sha256',
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: result.cert, key: result.private };
}

/** Valid for every name a client inside or outside the cluster uses to reach the API server. */
async function createServingCertificate(ca: { cert: string; key: string }, kubernetesServiceIP: string | undefined): Promise<{ cert: string; key: string }> {
  const now = new Date();
  const result = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    algorithm: 'sha256',
    keyType: 'ec',
    curve: 'P-256',
    ca,
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: 'kubernetes' },
          { type: 2, value: 'kubernetes.default' },
          { type: 2, value: 'kubernetes.default.svc' },
          { type: 2, value: 'kubernetes.default.svc.cluster.local' },
          { type: 7, ip: '127.0.0.1' },
          // Pods reach the API server through the `kubernetes` Service VIP.
          ...(kubernetesServiceIP ? [{ type: 7 as const, ip: kubernetesServiceIP }] : []),
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
