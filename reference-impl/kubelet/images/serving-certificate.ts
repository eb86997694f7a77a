import { generate } from 'selfsigned';

/**
 * The fixed `localhost` key pair agnhost ships for its TLS endpoints (porter's SERVE_TLS_PORT_n).
 * Clients never verify it (the API server proxy and probes skip verification), so one self-signed
 * certificate per process, made on first use, serves every emulated container.
 */
let pending: Promise<{ key: string; cert: string }> | undefined;

export function servingCertificate(): Promise<{ key: string; cert: string }> {
  pending ??= generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' }).then(
    (pems) => ({ key: pems.private, cert: pems.cert }),
  );
  return pending;
}
