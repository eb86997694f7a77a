import { objectKey, RESOURCES, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';
import type { EndpointSubset } from '../endpoints/plan.ts';
import type { Service } from '../endpoints/service-pods.ts';
import { applySlicePlan } from '../endpointslice/apply.ts';
import { addressTypeOf, MANAGED_BY_LABEL, planSlices, SERVICE_NAME_LABEL, type EndpointSlice } from '../endpointslice/slices.ts';
import { MIRRORING_CONTROLLER_NAME, mirrorGroups, mirrorLabels, SKIP_MIRROR_LABEL } from './plan.ts';

interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

/**
 * The EndpointSlice mirroring controller: custom Endpoints of a selector-less Service are copied
 * into slices managed by endpointslicemirroring-controller.k8s.io (owned by the Endpoints), kept
 * in step with updates and removed with the Endpoints or when the Service gains a selector.
 */
export class EndpointSliceMirroringController {
  private readonly runner: ControllerRunner;
  private readonly services: Informer<Service>;
  private readonly endpoints: Informer<Endpoints>;
  private readonly slices: Informer<EndpointSlice>;

  constructor(private readonly ctx: ControllerContext) {
    this.services = ctx.informers.for<Service>(RESOURCES.services);
    this.endpoints = ctx.informers.for<Endpoints>(RESOURCES.endpoints);
    this.slices = ctx.informers.for<EndpointSlice>(RESOURCES.endpointslices);
    this.runner = new ControllerRunner('endpointslicemirroring-controller', (key) => this.reconcile(key), { log: ctx.log });
    const enqueue = (object: KubeObject) => this.runner.enqueue(objectKey(object));
    this.services.addHandlers({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s), onDelete: enqueue });
    this.endpoints.addHandlers({ onAdd: enqueue, onUpdate: (_o, e) => enqueue(e), onDelete: enqueue });
    const sliceChanged = (slice: EndpointSlice) => {
      const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (slice.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME && service) this.runner.enqueue(`${slice.metadata.namespace}/${service}`);
    };
    // onAdd too: a sync that ran before the informer saw its own creation may have made a
    // duplicate slice, and seeing the new slice is what lets the next sync remove the surplus.
    this.slices.addHandlers({ onAdd: sliceChanged, onUpdate: (_o, slice) => sliceChanged(slice), onDelete: sliceChanged });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const mirrored = this.slices
      .list(namespace)
      .filter((slice) => slice.metadata.labels?.[SERVICE_NAME_LABEL] === name && slice.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME && !slice.metadata.deletionTimestamp);
    const service = this.services.get(namespace, name);
    const endpoints = this.endpoints.get(namespace, name);
    const mirror =
      !this.ctx.faults.has('endpointslice-mirroring-disabled') &&
      service && endpoints &&
      (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) &&
      endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true';
    if (!mirror) {
      if (mirrored.length > 0) await applySlicePlan(this.ctx.client, { create: [], update: [], delete: mirrored });
      return;
    }
    const groups = mirrorGroups(endpoints.subsets).filter((group) => group.endpoints.length > 0);
    const firstIp = groups[0]?.endpoints[0]?.addresses[0];
    const plan = planSlices(mirrored, groups, {
      namespace,
      generateName: `${name}-`,
      labels: mirrorLabels(endpoints),
      ownerReference: { apiVersion: 'v1', kind: 'Endpoints', name, uid: String(endpoints.metadata.uid), controller: true, blockOwnerDeletion: true },
      addressType: firstIp ? addressTypeOf(firstIp) : 'IPv4',
    });
    // Upstream keeps no placeholder for mirrored Endpoints without addresses.
    if (groups.length === 0) {
      plan.create = [];
      plan.update = [];
      plan.delete = mirrored;
    }
    await applySlicePlan(this.ctx.client, plan);
  }
}
