import { isAlreadyExists, isNotFound, objectKey, RESOURCES, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';
import { sameJson } from '../shared/json.ts';
import { mapSelectorMatches } from '../shared/label-selector.ts';
import type { Pod } from '../shared/pods.ts';
import { capSubsets, endpointsLabels, OVER_CAPACITY_ANNOTATION, planSubsets, type EndpointSubset } from './plan.ts';
import type { Service } from './service-pods.ts';

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

/**
 * The Endpoints controller: for every Service with a selector, an Endpoints object of the same
 * name listing the selected pods' addresses per port; deleted with the Service. Services without
 * a selector (and their hand-made Endpoints) are left alone.
 */
export class EndpointsController {
  private readonly runner: ControllerRunner;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly endpoints: Informer<Endpoints>;

  constructor(private readonly ctx: ControllerContext) {
    this.services = ctx.informers.for<Service>(RESOURCES.services);
    this.pods = ctx.informers.for<Pod>(RESOURCES.pods);
    this.endpoints = ctx.informers.for<Endpoints>(RESOURCES.endpoints);
    this.runner = new ControllerRunner('endpoints-controller', (key) => this.reconcile(key), { log: ctx.log, workers: 3 });
    this.services.addHandlers({ onAdd: (s) => this.runner.enqueue(objectKey(s)), onUpdate: (_o, s) => this.runner.enqueue(objectKey(s)), onDelete: (s) => this.runner.enqueue(objectKey(s)) });
    const podChanged = (pod: Pod, old?: Pod) => {
      for (const service of this.services.list(pod.metadata.namespace)) {
        if (mapSelectorMatches(service.spec?.selector, pod.metadata.labels) || (old && mapSelectorMatches(service.spec?.selector, old.metadata.labels))) this.runner.enqueue(objectKey(service));
      }
    };
    this.pods.addHandlers({ onAdd: (pod) => podChanged(pod), onUpdate: (old, pod) => podChanged(pod, old), onDelete: (pod) => podChanged(pod) });
    // Someone else edited or deleted the Endpoints of a Service we manage: put them back. Endpoints
    // without such a Service are hand-made (selector-less Services, or none at all) and not ours.
    const endpointsChanged = (ep: Endpoints) => {
      const service = this.services.get(ep.metadata.namespace, String(ep.metadata.name));
      if (service?.spec?.selector && Object.keys(service.spec.selector).length > 0) this.runner.enqueue(objectKey(ep));
    };
    this.endpoints.addHandlers({ onUpdate: (_o, ep) => endpointsChanged(ep), onDelete: endpointsChanged });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<void> {
    if (this.ctx.faults.has('endpoints-not-updated')) return;
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(namespace, name);
    const current = this.endpoints.get(namespace, name);
    if (!service) {
      if (current) await this.ctx.client.delete(RESOURCES.endpoints, namespace, name).catch(ignoreNotFound);
      return;
    }
    if (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) return;
    const { subsets, truncated } = capSubsets(planSubsets(service, this.pods.list(namespace), { allReady: this.ctx.faults.has('endpoints-include-not-ready') }));
    const labels = endpointsLabels(service);
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    if (current && sameJson(current.subsets ?? [], subsets) && sameJson(current.metadata.labels ?? {}, labels) && sameJson(current.metadata.annotations ?? {}, annotations)) return;
    const desired: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
      subsets,
    };
    if (current) await this.ctx.client.update(RESOURCES.endpoints, desired);
    else await this.ctx.client.create(RESOURCES.endpoints, desired).catch((error) => {
      if (!isAlreadyExists(error)) throw error;
      throw Object.assign(new Error('endpoints appeared meanwhile'), { retry: true });
    });
  }
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}
