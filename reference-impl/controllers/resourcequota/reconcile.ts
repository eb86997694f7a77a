import { discoverResources, isNotFound, RESOURCES, type DiscoveredResource, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import { sameJson } from '../shared/json.ts';
import { formatUsage, resourceForKey, usageFor, type ScopeRequirement } from './plan.ts';

interface ResourceQuota extends KubeObject {
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeRequirement[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** Full recalculation interval, as upstream's quota resync (shorter here: the cluster is small). */
const RESYNC_MS = 10_000;
const WATCHED = [RESOURCES.pods, RESOURCES.services, RESOURCES.replicationcontrollers, RESOURCES.secrets, RESOURCES.configmaps];

/**
 * The ResourceQuota controller: keeps status.hard equal to spec.hard and status.used to what the
 * namespace uses now (live lists), recalculated when counted objects change and periodically.
 * Admission (refusing what would exceed a quota) lives in the API server.
 */
export class ResourceQuotaController {
  private readonly runner: ControllerRunner;
  private readonly quotas: Informer<ResourceQuota>;
  private types?: DiscoveredResource[];

  constructor(private readonly ctx: ControllerContext) {
    this.quotas = ctx.informers.for<ResourceQuota>(RESOURCES.resourcequotas);
    this.runner = new ControllerRunner('resourcequota-controller', (key) => this.reconcile(key), { log: ctx.log });
    this.quotas.addHandlers({ onAdd: (q) => this.enqueue(q), onUpdate: (_old, q) => this.enqueue(q) });
    for (const type of WATCHED) {
      const touch = (object: KubeObject) => this.enqueueNamespace(object.metadata.namespace);
      ctx.informers.for(type).addHandlers({ onAdd: touch, onUpdate: (_old, object) => touch(object), onDelete: touch });
    }
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const quota = this.quotas.getByKey(key);
    if (!quota || quota.metadata.deletionTimestamp || this.ctx.faults.has('quota-status-not-updated')) return;
    const hard = quota.spec?.hard ?? {};
    const used: Record<string, string> = {};
    const lists = new Map<string, KubeObject[]>();
    for (const [name, limit] of Object.entries(hard)) {
      const target = resourceForKey(name);
      if (!target) continue;
      const listKey = `${target.group}/${target.plural}`;
      if (!lists.has(listKey)) lists.set(listKey, await this.listOf(target.group, target.plural, String(quota.metadata.namespace)));
      used[name] = formatUsage(name, usageFor(name, lists.get(listKey)!, quota.spec?.scopes ?? [], quota.spec?.scopeSelector?.matchExpressions ?? []), limit);
    }
    const status = { ...quota.status, hard: { ...hard }, used };
    if (!sameJson(status, quota.status ?? {})) await this.ctx.client.updateStatus(RESOURCES.resourcequotas, { ...quota, status });
    return { requeueAfterMs: RESYNC_MS };
  }

  private async listOf(group: string, plural: string, namespace: string): Promise<KubeObject[]> {
    let type = Object.values(RESOURCES).find((candidate) => candidate.group === group && candidate.plural === plural) as DiscoveredResource | undefined;
    if (!type) {
      this.types ??= await discoverResources(this.ctx.client);
      type = this.types.find((candidate) => candidate.group === group && candidate.plural === plural);
    }
    if (!type) return [];
    try {
      return (await this.ctx.client.list(type, namespace)).items;
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  private enqueue(quota: ResourceQuota): void {
    this.runner.enqueue(`${quota.metadata.namespace}/${quota.metadata.name}`);
  }

  private enqueueNamespace(namespace: string | undefined): void {
    if (!namespace) return;
    for (const quota of this.quotas.list(namespace)) this.enqueue(quota);
  }
}
