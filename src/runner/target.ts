import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, KcertError } from '../errors.js';
import { ApiClient, ApiError } from '../framework/api-client.js';
import { describeError, withRetries } from '../framework/retry.js';
import type { TargetInfo } from '../report/model.js';

interface VersionInfo {
  gitVersion?: string;
  platform?: string;
}

/**
 * Reaches the endpoint before anything runs (GET /version): an unreachable or misconfigured endpoint is
 * a configuration error with one sentence saying what to do, not a run full of errored tests.
 */
export async function probeTarget(kubeConfig: KubeConfig, budgetMs: number, signal: AbortSignal): Promise<TargetInfo> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '(none)';
  const context = kubeConfig.getCurrentContext();
  let version: VersionInfo;
  try {
    const api = new ApiClient(kubeConfig);
    version = await withRetries(() => api.request<VersionInfo>({ method: 'GET', path: '/version' }, signal), {
      budgetMs,
      signal,
      describe: `GET ${server}/version`,
    });
  } catch (error) {
    throw new ConfigError(explain(server, context, error), { cause: error });
  }
  return { server, context, serverVersion: version.gitVersion ?? 'unknown', platform: version.platform ?? 'unknown' };
}

function explain(server: string, context: string, error: unknown): string {
  const cause = error instanceof KcertError && error.cause ? error.cause : error;
  if (cause instanceof ApiError && (cause.statusCode === 401 || cause.statusCode === 403)) {
    return `the API server at ${server} refused kcert's credentials (${cause.statusCode} ${cause.reason}); check the user of context "${context}" in the kubeconfig`;
  }
  const code = (cause as { code?: string } | undefined)?.code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(describeError(cause))) {
    return `the TLS handshake with ${server} failed (${code || describeError(cause)}); check the certificate-authority of context "${context}" in the kubeconfig`;
  }
  return `cannot reach the API server at ${server} (context "${context}"): ${firstLine(describeError(error))}; check that the cluster is running and the kubeconfig points at it`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
