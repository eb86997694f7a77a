import type { Kubelet } from './kubelet.ts';
import type { PodWorker } from './pod-worker.ts';

/**
 * The running kubelets of this process by node name: how the API server's connect handler and the
 * metrics API reach a pod's containers (in a real cluster, the kubelet's port 10250).
 */
export class NodeRegistry {
  private readonly kubelets = new Map<string, Kubelet>();

  add(kubelet: Kubelet): void {
    this.kubelets.set(kubelet.nodeName, kubelet);
  }

  remove(kubelet: Kubelet): void {
    this.kubelets.delete(kubelet.nodeName);
  }

  node(name: string): Kubelet | undefined {
    return this.kubelets.get(name);
  }

  nodes(): Kubelet[] {
    return [...this.kubelets.values()];
  }

  /** The worker of a pod, looked up on its node when known, else on every node. */
  pod(namespace: string, name: string, nodeName?: string): PodWorker | undefined {
    if (nodeName) return this.kubelets.get(nodeName)?.worker(namespace, name);
    for (const kubelet of this.kubelets.values()) {
      const worker = kubelet.worker(namespace, name);
      if (worker) return worker;
    }
    return undefined;
  }
}

