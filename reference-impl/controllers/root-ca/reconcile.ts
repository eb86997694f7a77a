import { isAlreadyExists, isForbidden, isNotFound, RESOURCES, type Informer, type KubeObject } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import { ControllerRunner } from '../runtime/controller-runner.ts';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** Publishes the cluster CA as ConfigMap kube-root-ca.crt (key ca.crt) in every active namespace and repairs edits. */
export class RootCaPublisher {
  private readonly runner: ControllerRunner;
  private readonly namespaces: Informer;
  private readonly configMaps: Informer<ConfigMap>;

  constructor(private readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.for(RESOURCES.namespaces);
    this.configMaps = ctx.informers.for<ConfigMap>(RESOURCES.configmaps);
    this.runner = new ControllerRunner('root-ca-cert-publisher', (ns) => this.reconcile(ns), { log: ctx.log });
    this.namespaces.addHandlers({ onAdd: (ns) => this.runner.enqueue(String(ns.metadata.name)), onUpdate: (_old, ns) => this.runner.enqueue(String(ns.metadata.name)) });
    const changed = (cm: ConfigMap) => cm.metadata.name === ROOT_CA_CONFIGMAP && this.runner.enqueue(String(cm.metadata.namespace));
    this.configMaps.addHandlers({ onUpdate: (_old, cm) => changed(cm), onDelete: changed });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(namespace: string): Promise<void> {
    const ns = this.namespaces.get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp || this.ctx.faults.has('no-root-ca-configmap')) return;
    const want = { 'ca.crt': this.ctx.caPem };
    const current = this.configMaps.get(namespace, ROOT_CA_CONFIGMAP);
    try {
      if (!current) {
        await this.ctx.client.create(RESOURCES.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: want });
      } else if (current.data?.['ca.crt'] !== this.ctx.caPem || Object.keys(current.data ?? {}).length !== 1) {
        await this.ctx.client.update(RESOURCES.configmaps, { ...current, data: want });
      }
    } catch (error) {
      if (!isAlreadyExists(error) && !isForbidden(error) && !isNotFound(error)) throw error;
    }
  }
}
