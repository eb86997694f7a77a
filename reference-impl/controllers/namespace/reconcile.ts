import { discoverResources, isNotFound, RESOURCES, type DiscoveredResource, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import { sameJson } from '../shared/json.ts';
import { deletionConditions, KUBERNETES_FINALIZER, resourceName, type NamespaceCondition, type Remaining } from './plan.ts';

interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

const DISCOVERY_TTL_MS = 10_000;
const RECHECK_MS = 1_000;

/**
 * The namespace controller: once a namespace is Terminating, deletes everything in it (every
 * namespaced kind the API serves, Background propagation), reports what remains in its
 * conditions, and when nothing is left removes the `kubernetes` finalizer through /finalize.
 */
export class NamespaceController {
  private readonly runner: ControllerRunner;
  private readonly namespaces: Informer<Namespace>;
  private discovered?: { at: number; resources: DiscoveredResource[] };

  constructor(private readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.for<Namespace>(RESOURCES.namespaces);
    this.runner = new ControllerRunner('namespace-controller', (key) => this.reconcile(key), { log: ctx.log, workers: 2 });
    const enqueue = (ns: Namespace) => ns.metadata.deletionTimestamp && this.runner.enqueue(String(ns.metadata.name));
    this.namespaces.addHandlers({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(name: string): Promise<ReconcileResult | void> {
    const ns = this.namespaces.get(undefined, name);
    if (!ns?.metadata.deletionTimestamp || this.ctx.faults.has('namespace-not-emptied')) return;
    if (!(ns.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;
    const remaining = await this.deleteContent(name);
    const conditions = deletionConditions(remaining, ns.status?.conditions, this.ctx.now());
    if (!sameJson(conditions, ns.status?.conditions ?? [])) {
      await this.ctx.client.patch(RESOURCES.namespaces, undefined, name, { status: { conditions } }, 'merge', 'status').catch(ignoreNotFound);
    }
    if (Object.keys(remaining.resources).length > 0) return { requeueAfterMs: RECHECK_MS };
    const fresh = await this.ctx.client.get<Namespace>(RESOURCES.namespaces, undefined, name).catch(ignoreNotFound);
    if (!fresh) return;
    const finalizers = (fresh.spec?.finalizers ?? []).filter((finalizer) => finalizer !== KUBERNETES_FINALIZER);
    await this.ctx.client.request('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, { body: { ...fresh, spec: { ...fresh.spec, finalizers } } }).catch(ignoreNotFound);
  }

  /** Deletes every namespaced object in the namespace; returns what is still there afterwards. */
  private async deleteContent(namespace: string): Promise<Remaining> {
    const remaining: Remaining = { resources: {}, finalizers: {} };
    const resources = await this.namespacedResources();
    await Promise.all(
      resources.map(async (type) => {
        let items: KubeObject[];
        try {
          items = (await this.ctx.client.list(type, namespace)).items;
        } catch (error) {
          if (isNotFound(error)) return; // The kind went away (e.g. a deleted CRD).
          throw error;
        }
        if (items.length === 0) return;
        const live = items.filter((item) => !item.metadata.deletionTimestamp);
        if (live.length > 0) {
          if (type.verbs.includes('deletecollection')) await this.ctx.client.deleteCollection(type, namespace, {}, { propagationPolicy: 'Background' }).catch(ignoreNotFound);
          else await Promise.all(live.map((item) => this.ctx.client.delete(type, namespace, String(item.metadata.name), { propagationPolicy: 'Background' }).catch(ignoreNotFound)));
        }
        const after = (await this.ctx.client.list(type, namespace)).items;
        if (after.length === 0) return;
        remaining.resources[resourceName(type.group, type.plural)] = after.length;
        for (const item of after) for (const finalizer of item.metadata.finalizers ?? []) remaining.finalizers[finalizer] = (remaining.finalizers[finalizer] ?? 0) + 1;
      }),
    );
    return remaining;
  }

  private async namespacedResources(): Promise<DiscoveredResource[]> {
    if (!this.discovered || this.ctx.now() - this.discovered.at > DISCOVERY_TTL_MS) {
      const all = await discoverResources(this.ctx.client);
      // events go last in upstream; here they are simply deleted with the rest.
      this.discovered = { at: this.ctx.now(), resources: all.filter((type) => type.namespaced && type.verbs.includes('list') && type.verbs.includes('delete')) };
    }
    return this.discovered.resources;
  }
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}
