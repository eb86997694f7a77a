import { controllerRefOf, objectKey, RESOURCES, type Informer } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';
import { mapSelectorMatches } from '../shared/label-selector.ts';
import type { Pod } from '../shared/pods.ts';
import type { Service } from '../endpoints/service-pods.ts';
import { applySlicePlan } from './apply.ts';
import { CONTROLLER_NAME, planEndpointGroups, sliceLabels } from './plan.ts';
import { addressTypeOf, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, type EndpointSlice } from './slices.ts';

interface Node {
  metadata: { name?: string; labels?: Record<string, string> };
}

/**
 * The EndpointSlice controller: for every Service with a selector, slices (label
 * kubernetes.io/service-name, managed-by endpointslice-controller.k8s.io, owned by the Service)
 * listing the selected pods with ready/serving/terminating conditions; recreated when deleted.
 */
export class EndpointSliceController {
  private readonly runner: ControllerRunner;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly nodes: Informer<Node & { kind?: string; [k: string]: unknown }>;

  constructor(private readonly ctx: ControllerContext) {
    this.services = ctx.informers.for<Service>(RESOURCES.services);
    this.pods = ctx.informers.for<Pod>(RESOURCES.pods);
    this.slices = ctx.informers.for<EndpointSlice>(RESOURCES.endpointslices);
    this.nodes = ctx.informers.for(RESOURCES.nodes);
    this.runner = new ControllerRunner('endpointslice-controller', (key) => this.reconcile(key), { log: ctx.log, workers: 3 });
    this.services.addHandlers({ onAdd: (s) => this.runner.enqueue(objectKey(s)), onUpdate: (_o, s) => this.runner.enqueue(objectKey(s)), onDelete: (s) => this.runner.enqueue(objectKey(s)) });
    const podChanged = (pod: Pod, old?: Pod) => {
      for (const service of this.services.list(pod.metadata.namespace)) {
        if (mapSelectorMatches(service.spec?.selector, pod.metadata.labels) || (old && mapSelectorMatches(service.spec?.selector, old.metadata.labels))) this.runner.enqueue(objectKey(service));
      }
    };
    this.pods.addHandlers({ onAdd: (pod) => podChanged(pod), onUpdate: (old, pod) => podChanged(pod, old), onDelete: (pod) => podChanged(pod) });
    const sliceChanged = (slice: EndpointSlice) => {
      if (slice.metadata.labels?.[MANAGED_BY_LABEL] !== CONTROLLER_NAME) return;
      const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (service) this.runner.enqueue(`${slice.metadata.namespace}/${service}`);
    };
    this.slices.addHandlers({ onUpdate: (_o, slice) => sliceChanged(slice), onDelete: sliceChanged });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<void> {
    if (this.ctx.faults.has('endpointslices-not-updated')) return;
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(namespace, name);
    const owned = this.slices
      .list(namespace)
      .filter((slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === name && slice.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME && !slice.metadata.deletionTimestamp);
    if (!service || !service.spec?.selector || Object.keys(service.spec.selector).length === 0) {
      // Gone or selector-less: managed slices go (the mirroring controller serves selector-less ones).
      return applySlicePlan(this.ctx.client, { create: [], update: [], delete: owned });
    }
    const mine = owned.filter((slice) => !controllerRefOf(slice) || controllerRefOf(slice)?.uid === service.metadata.uid);
    const zoneOf = (node: string) => this.nodes.get(undefined, node)?.metadata.labels?.['topology.kubernetes.io/zone'];
    const groups = planEndpointGroups(service, this.pods.list(namespace), zoneOf, { allReady: this.ctx.faults.has('endpoints-include-not-ready') });
    const firstIp = groups[0]?.endpoints[0]?.addresses[0];
    const plan = planSlices(mine, groups, {
      namespace,
      generateName: `${name}-`,
      labels: sliceLabels(service),
      ownerReference: { apiVersion: 'v1', kind: 'Service', name, uid: String(service.metadata.uid), controller: true, blockOwnerDeletion: true },
      addressType: firstIp ? addressTypeOf(firstIp) : 'IPv4',
    });
    plan.delete.push(...owned.filter((slice) => !mine.includes(slice)));
    await applySlicePlan(this.ctx.client, plan);
  }
}
