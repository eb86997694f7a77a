import { isAlreadyExists, isForbidden, RESOURCES, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Gives every active namespace a `default` ServiceAccount, and puts it back when deleted. */
export class ServiceAccountController {
  private readonly runner: ControllerRunner;
  private readonly namespaces: Informer;
  private readonly accounts: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.for(RESOURCES.namespaces);
    this.accounts = ctx.informers.for(RESOURCES.serviceaccounts);
    this.runner = new ControllerRunner('serviceaccount-controller', (ns) => this.reconcile(ns), { log: ctx.log });
    this.namespaces.addHandlers({ onAdd: (ns) => this.runner.enqueue(String(ns.metadata.name)), onUpdate: (_old, ns) => this.runner.enqueue(String(ns.metadata.name)) });
    this.accounts.addHandlers({ onDelete: (sa) => sa.metadata.name === DEFAULT_SERVICE_ACCOUNT && this.runner.enqueue(String(sa.metadata.namespace)) });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(namespace: string): Promise<void> {
    const ns = this.namespaces.get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp || this.ctx.faults.has('no-default-service-account')) return;
    if (this.accounts.get(namespace, DEFAULT_SERVICE_ACCOUNT)) return;
    const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } };
    try {
      await this.ctx.client.create(RESOURCES.serviceaccounts, account);
    } catch (error) {
      // Exists already (stale cache) or the namespace began terminating meanwhile.
      if (!isAlreadyExists(error) && !isForbidden(error)) throw error;
    }
  }
}
