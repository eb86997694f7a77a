import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  ServerConfiguration,
  type KubeConfig,
} from '@kubernetes/client-node';
import { CheckError, ConformanceFailure, KcertError } from '../errors.js';

/** A Kubernetes `Status` answer the test did not expect: the server answered, so it is a verdict. */
export class ApiError extends ConformanceFailure {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    readonly request: string,
    readonly serverMessage: string,
    readonly status?: unknown,
  ) {
    super(`${request} answered ${statusCode} ${reason}: ${serverMessage}`, status);
  }
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to application/json; patches name their patch type here. */
  contentType?: string;
  /** Answer body is text (pods/log, proxy), not JSON. */
  raw?: boolean;
}

export interface RawResponse {
  statusCode: number;
  body: string;
}

/** Network errors worth retrying: the request may not have reached the server, or the answer was lost. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.statusCode === 429 || error.statusCode >= 500;
  if (error instanceof KcertError) return false;
  const code = (error as { code?: string; errno?: string } | undefined)?.code ?? (error as { errno?: string } | undefined)?.errno;
  if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
  const type = (error as { type?: string } | undefined)?.type;
  return type === 'system' || type === 'request-timeout';
}

/**
 * The one way the framework talks to the API: client-node's transport (TLS, tokens, client certificates,
 * exec plugins from the kubeconfig) with generic paths, so subresources and every patch type are reachable.
 */
export class ApiClient {
  private readonly server: ServerConfiguration<Record<string, string>>;
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new CheckError('the kubeconfig has no current cluster');
    this.server = new ServerConfiguration(cluster.server, {});
  }

  /** Sends one request; returns the status code and body text, whatever the status. */
  async send(request: ApiRequest, signal?: AbortSignal): Promise<RawResponse> {
    const context = this.server.makeRequestContext(request.path, HttpMethod[request.method]);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    context.setHeaderParam('Accept', request.raw ? '*/*' : 'application/json');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
    }
    if (signal) context.setSignal(signal);
    await this.kubeConfig.applySecurityAuthentication(context);
    const response = await this.http.send(context).toPromise();
    return { statusCode: response.httpStatusCode, body: await response.body.text() };
  }

  /** Sends one request and parses the JSON answer; a non-2xx answer becomes an ApiError. */
  async request<T>(request: ApiRequest, signal?: AbortSignal): Promise<T> {
    const response = await this.send(request, signal);
    const label = `${request.method} ${request.path}`;
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const error = toApiError(label, response);
      // Refused credentials are a problem of the run's setup, not a verdict on the cluster.
      if (error.statusCode === 401 || error.statusCode === 403) {
        throw new CheckError(`${error.message} (kcert's credentials lack the rights this test needs)`, { cause: error });
      }
      throw error;
    }
    if (request.raw) return response.body as T;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new ConformanceFailure(`${label} answered ${response.statusCode} with a body that is not JSON: ${response.body.slice(0, 200)}`);
    }
  }
}

function toApiError(label: string, response: RawResponse): ApiError {
  let status: { reason?: string; message?: string } | undefined;
  try {
    status = JSON.parse(response.body) as { reason?: string; message?: string };
  } catch {
    status = undefined;
  }
  return new ApiError(
    response.statusCode,
    status?.reason ?? 'Unknown',
    label,
    status?.message ?? response.body.slice(0, 300),
    status,
  );
}
