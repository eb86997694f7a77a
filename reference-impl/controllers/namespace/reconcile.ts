import { ApiError, discoverResources, isNotFound, RESOURCES, type DiscoveredResource, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import { sameJson } from '../shared/json.ts';
import { deletionConditions, deletionPhases, KUBERNETES_FINALIZER, podGraceEstimate, resourceName, type DeletionFailures, type NamespaceCondition, type Remaining } from './plan.ts';

interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

const DISCOVERY_TTL_MS = 10_000;
const RECHECK_MS = 1_000;

/**
 * The namespace controller: once a namespace is Terminating, deletes everything in it (every
 * namespaced kind the API serves, Background propagation; pods first, the rest only once no pod
 * remains), reports each pass in upstream's five deletion conditions, and when nothing is left
 * removes the `kubernetes` finalizer through /finalize.
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
    const pass = await this.deleteContent(name, Date.parse(ns.metadata.deletionTimestamp));
    const conditions = deletionConditions(pass.remaining, ns.status?.conditions, this.ctx.now(), pass.failures);
    if (!sameJson(conditions, ns.status?.conditions ?? []) || ns.status?.phase !== 'Terminating') {
      await this.ctx.client.patch(RESOURCES.namespaces, undefined, name, { status: { phase: 'Terminating', conditions } }, 'merge', 'status').catch(ignoreNotFound);
    }
    if (Object.keys(pass.remaining.resources).length > 0 || pass.failures.content.length > 0) return { requeueAfterMs: RECHECK_MS };
    const fresh = await this.ctx.client.get<Namespace>(RESOURCES.namespaces, undefined, name).catch(ignoreNotFound);
    if (!fresh) return;
    const finalizers = (fresh.spec?.finalizers ?? []).filter((finalizer) => finalizer !== KUBERNETES_FINALIZER);
    await this.ctx.client.request('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, { body: { ...fresh, spec: { ...fresh.spec, finalizers } } }).catch(ignoreNotFound);
  }

  /**
   * One pass of deleting every namespaced object in the namespace, phase by phase (pods first:
   * nothing else is deleted while a pod remains); returns what is still there and what failed.
   */
  private async deleteContent(namespace: string, deletedAt: number): Promise<{ remaining: Remaining; failures: DeletionFailures }> {
    const remaining: Remaining = { resources: {}, finalizers: {} };
    const failures: DeletionFailures = { content: [] };
    let resources: DiscoveredResource[];
    try {
      resources = await this.namespacedResources();
    } catch (error) {
      // Work with what was discovered before, as upstream does with partial discovery.
      failures.discovery = (error as Error).message;
      resources = this.discovered?.resources ?? [];
    }
    for (const phase of deletionPhases(resources)) {
      await Promise.all(phase.map((type) => this.deleteAllOf(type, namespace, deletedAt, remaining, failures)));
      if (Object.keys(remaining.resources).length > 0) break;
    }
    return { remaining, failures };
  }

  /** Deletes every object of one type in the namespace (deletecollection when served), then counts what is left. */
  private async deleteAllOf(type: DiscoveredResource, namespace: string, deletedAt: number, remaining: Remaining, failures: DeletionFailures): Promise<void> {
    const gvr = `${type.group}/${type.version}, Resource=${type.plural}`;
    try {
      const items = (await this.ctx.client.list(type, namespace)).items;
      if (items.length === 0) return;
      const live = items.filter((item) => !item.metadata.deletionTimestamp);
      if (live.length > 0) {
        if (type.verbs.includes('deletecollection')) await this.ctx.client.deleteCollection(type, namespace, {}, { propagationPolicy: 'Background' }).catch(ignoreNotFound);
        else await Promise.all(live.map((item) => this.ctx.client.delete(type, namespace, String(item.metadata.name), { propagationPolicy: 'Background' }).catch(ignoreNotFound)));
      }
      const after = (await this.ctx.client.list(type, namespace)).items;
      if (after.length === 0) return;
      remaining.resources[resourceName(type.group, type.plural)] = after.length;
      let withFinalizers = 0;
      for (const item of after) {
        if (item.metadata.finalizers?.length) withFinalizers++;
        for (const finalizer of item.metadata.finalizers ?? []) remaining.finalizers[finalizer] = (remaining.finalizers[finalizer] ?? 0) + 1;
      }
      const isPods = type.group === '' && type.plural === 'pods';
      const estimate = isPods ? podGraceEstimate(after as Parameters<typeof podGraceEstimate>[0], deletedAt, this.ctx.now()) : 0;
      if (withFinalizers === 0 && estimate === 0) failures.content.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvr}`);
    } catch (error) {
      // The kind went away (e.g. a deleted CRD), or does not support the verb after all.
      if (isNotFound(error) || (error instanceof ApiError && error.statusCode === 405)) return;
      failures.content.push(`${gvr}: ${(error as Error).message}`);
    }
  }

  private async namespacedResources(): Promise<DiscoveredResource[]> {
    if (!this.discovered || this.ctx.now() - this.discovered.at > DISCOVERY_TTL_MS) {
      const all = await discoverResources(this.ctx.client);
      this.discovered = { at: this.ctx.now(), resources: all.filter((type) => type.namespaced && type.verbs.includes('list') && type.verbs.includes('delete')) };
    }
    return this.discovered.resources;
  }
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}
