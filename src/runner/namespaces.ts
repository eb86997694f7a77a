import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { CheckError, KcertError } from '../errors.js';
import { ApiClient, ApiError } from '../framework/api-client.js';
import { delay, describeError, withRetries } from '../framework/retry.js';

/** Every namespace kcert creates carries these labels; cleanup finds leftovers by them, never by name. */
export const RUN_ID_LABEL = 'kcert.io/run-id';
export const TEST_ID_LABEL = 'kcert.io/test-id';

// Short: deletion runs outside the parallel slot, and a quick poll ends the run sooner.
const POLL_MS = 100;
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface NamespaceObject {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  status?: { phase?: string };
}

/** A DNS-1123 label unique per test run: kcert-<test id, shortened>-<random>. */
export function namespaceNameFor(testId: string, random: () => string = randomSuffix): string {
  const stem = testId.slice(0, 45).replace(/-+$/, '');
  return `kcert-${stem}-${random()}`;
}

function randomSuffix(): string {
  return [...randomBytes(5)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

export interface NamespaceClientOptions {
  /** How long transient API errors may persist before an operation is given up. */
  apiBudgetMs: number;
  signal: AbortSignal;
}

/** Namespace lifecycle of the runner: create labelled, delete and wait until gone, find by label. */
export class NamespaceClient {
  private readonly api: ApiClient;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: NamespaceClientOptions,
  ) {
    this.api = new ApiClient(kubeConfig);
  }

  async create(name: string, labels: Record<string, string>, signal: AbortSignal = this.options.signal): Promise<void> {
    await this.call(
      `create namespace ${name}`,
      () => this.api.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } }),
      signal,
    );
  }

  async listByLabel(selector: string): Promise<string[]> {
    const list = await this.call(`list namespaces ${selector}`, () =>
      this.api.request<{ items: NamespaceObject[] }>({ method: 'GET', path: '/api/v1/namespaces', query: { labelSelector: selector } }),
    );
    return list.items.map((item) => item.metadata.name);
  }

  /**
   * Deletes the namespace and waits until the API no longer serves it (the namespace controller has
   * emptied it). Returns false if it is still there after `withinMs`.
   */
  async deleteAndWait(name: string, withinMs: number, signal: AbortSignal = this.options.signal): Promise<boolean> {
    const path = `/api/v1/namespaces/${name}`;
    try {
      await this.call(`delete namespace ${name}`, () => this.api.request({ method: 'DELETE', path, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } }), signal);
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      try {
        await this.call(`read namespace ${name}`, () => this.api.request({ method: 'GET', path }), signal);
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
      await delay(POLL_MS, signal, `waiting for namespace ${name} to be deleted`);
    }
    return false;
  }

  private async call<T>(describe: string, call: () => Promise<T>, signal: AbortSignal = this.options.signal): Promise<T> {
    try {
      return await withRetries(call, { budgetMs: this.options.apiBudgetMs, signal, describe });
    } catch (error) {
      if (isNotFound(error)) throw error;
      if (error instanceof CheckError || (error instanceof KcertError && error.code === 'INTERRUPTED')) throw error;
      // The runner's own housekeeping failing is never a verdict on the cluster.
      throw new CheckError(`kcert could not ${describe}: ${describeError(error)}`, { cause: error });
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.statusCode === 404;
}
