import { ApiClient, InformerFactory } from '../client/index.ts';
import type { Component, ComponentContext, RunningComponent } from '../component.ts';
import { DeploymentController } from './deployment/reconcile.ts';
import { EndpointsController } from './endpoints/reconcile.ts';
import { EndpointSliceController } from './endpointslice/reconcile.ts';
import { EndpointSliceMirroringController } from './endpointslice-mirroring/reconcile.ts';
import { HorizontalPodAutoscalerController } from './hpa/reconcile.ts';
import { GarbageCollector } from './garbage-collector/reconcile.ts';
import { NamespaceController } from './namespace/reconcile.ts';
import { ResourceQuotaController } from './resourcequota/reconcile.ts';
import { RootCaPublisher } from './root-ca/reconcile.ts';
import { ServiceAccountController } from './serviceaccount/reconcile.ts';
import { REPLICA_SET, REPLICATION_CONTROLLER } from './replicaset/kinds.ts';
import { ReplicaControllerLoop } from './replicaset/reconcile.ts';
import { createControllerContext, type ControllerContext } from './runtime/context.ts';

/** A controller the manager starts after the shared informers have synced. */
export interface RunnableController {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface ControllerManagerOptions {
  /** HPA sync period (upstream default 15 s); tests shorten it. */
  hpaSyncPeriodMs?: number;
}

/** Every controller of the controller manager, in start order. */
export function buildControllers(ctx: ControllerContext, options: ControllerManagerOptions = {}): RunnableController[] {
  return [
    new ReplicaControllerLoop(ctx, REPLICA_SET),
    new ReplicaControllerLoop(ctx, REPLICATION_CONTROLLER),
    new DeploymentController(ctx),
    new GarbageCollector(ctx),
    new NamespaceController(ctx),
    new ServiceAccountController(ctx),
    new RootCaPublisher(ctx),
    new ResourceQuotaController(ctx),
    new EndpointsController(ctx),
    new EndpointSliceController(ctx),
    new EndpointSliceMirroringController(ctx),
    new HorizontalPodAutoscalerController(ctx, options.hpaSyncPeriodMs),
  ];
}

/** The kube-controller-manager of the reference implementation, as a cluster component. */
export const controllerManager: Component = createControllerManager();

export function createControllerManager(options: ControllerManagerOptions = {}): Component {
  return {
    name: 'controller-manager',
    async start(component: ComponentContext): Promise<RunningComponent> {
      const client = new ApiClient({ server: component.server, token: component.token, caPem: component.caPem, userAgent: 'kcert-controller-manager' });
      const informers = new InformerFactory(client, component.log);
      const ctx = createControllerContext({ client, informers, faults: component.faults, log: component.log, caPem: component.caPem });
      const controllers = buildControllers(ctx, options);
      await informers.start();
      for (const controller of controllers) await controller.start();
      return {
        async stop() {
          await Promise.all(controllers.map((controller) => controller.stop()));
          await informers.stop();
          client.close();
        },
      };
    },
  };
}
