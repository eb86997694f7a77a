import { ApiError, objectKey, RESOURCES, type ApiClient, type Informer, type InformerFactory } from '../client/index.ts';
import type { ControllerContext } from '../controllers/runtime/context.ts';
import { ControllerRunner, type ReconcileResult } from '../controllers/runtime/controller-runner.ts';
import type { EventRecorder } from '../controllers/runtime/event-recorder.ts';
import { rfc3339 } from '../controllers/shared/json.ts';
import type { Pod, PodCondition } from '../controllers/shared/pods.ts';
import { pickNode, podRequests, unfitReasons, unschedulableMessage, type Node, type Requests } from './plan.ts';

export const SCHEDULER_NAME = 'default-scheduler';
const RETRY_UNSCHEDULABLE_MS = 5_000;

type Usage = Map<string, { requests: Requests; pods: number }>;

/**
 * Binds pending pods to nodes through pods/binding: filters nodes (unschedulable, node selector and
 * affinity, taints, requests vs allocatable), picks the least loaded, and reports pods that fit
 * nowhere with PodScheduled=False/Unschedulable and a FailedScheduling event. Bindings this
 * scheduler made but has not yet seen through the informer are counted as "assumed", so a burst
 * of pods never overcommits a node.
 */
export class Scheduler {
  private readonly runner: ControllerRunner;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly client: ApiClient;
  private readonly recorder: EventRecorder;
  private readonly assumed = new Map<string, { node: string; requests: Requests }>();

  constructor(private readonly ctx: ControllerContext, informers: InformerFactory = ctx.informers) {
    this.client = ctx.client;
    this.recorder = ctx.recorder(SCHEDULER_NAME);
    this.pods = informers.for<Pod>(RESOURCES.pods);
    this.nodes = informers.for<Node>(RESOURCES.nodes);
    // One worker: decisions are serialized so each sees the previous binding.
    this.runner = new ControllerRunner('scheduler', (key) => this.schedule(key), { log: ctx.log, workers: 1 });
    this.pods.addHandlers({
      onAdd: (pod) => this.podChanged(pod),
      onUpdate: (_old, pod) => this.podChanged(pod),
      onDelete: (pod) => {
        this.assumed.delete(String(pod.metadata.uid));
        if (pod.spec?.nodeName) this.retryPending();
      },
    });
    this.nodes.addHandlers({ onAdd: () => this.retryPending(), onUpdate: (old, node) => this.nodeChanged(old, node) });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async schedule(key: string): Promise<ReconcileResult | void> {
    const pod = this.pods.getByKey(key);
    if (!pod || !needsScheduling(pod) || this.assumed.has(String(pod.metadata.uid))) return;
    if (this.ctx.faults.has('scheduler-never-binds')) return;
    const nodes = this.nodes.list();
    const usage = this.usage();
    const reasons = new Map<string, string[]>();
    const faults = this.ctx.faults;
    const options = { ignoreNodeSelector: faults.has('scheduler-ignores-node-selector'), ignoreTaints: faults.has('scheduler-ignores-taints'), ignoreResources: faults.has('scheduler-ignores-resources') };
    const fitting = nodes.filter((node) => {
      const why = unfitReasons(pod, node, usage.get(String(node.metadata.name)) ?? { pods: 0, requests: { milliCpu: 0, memory: 0 } }, options);
      reasons.set(String(node.metadata.name), why);
      return why.length === 0;
    });
    const chosen = pickNode(fitting, usage);
    if (!chosen) return this.reportUnschedulable(pod, unschedulableMessage(nodes.length, reasons));
    return this.bind(pod, String(chosen.metadata.name));
  }

  private async bind(pod: Pod, node: string): Promise<void> {
    const uid = String(pod.metadata.uid);
    this.assumed.set(uid, { node, requests: podRequests(pod) });
    try {
      await this.client.request('POST', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/binding`, {
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
      });
    } catch (error) {
      // Retried with backoff: a pod that is gone or already bound is then skipped by schedule().
      this.assumed.delete(uid);
      throw error;
    }
    this.recorder.normal(pod, 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`);
  }

  private async reportUnschedulable(pod: Pod, message: string): Promise<ReconcileResult> {
    const current = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
    if (current?.status !== 'False' || current.reason !== 'Unschedulable' || current.message !== message) {
      const condition: PodCondition & { lastProbeTime: null } = {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: current?.status === 'False' ? current.lastTransitionTime : rfc3339(this.ctx.now()),
        reason: 'Unschedulable',
        message,
      };
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), condition];
      await this.client.patch(RESOURCES.pods, pod.metadata.namespace, String(pod.metadata.name), { status: { conditions } }, 'merge', 'status').catch((error: unknown) => {
        if (!(error instanceof ApiError && error.statusCode === 404)) throw error;
      });
    }
    this.recorder.warning(pod, 'FailedScheduling', message);
    return { requeueAfterMs: RETRY_UNSCHEDULABLE_MS };
  }

  /** Requests and pod counts per node: bound pods that still hold resources, plus our assumed bindings. */
  private usage(): Usage {
    const usage: Usage = new Map();
    const add = (node: string, requests: Requests) => {
      const entry = usage.get(node) ?? { pods: 0, requests: { milliCpu: 0, memory: 0 } };
      entry.pods++;
      entry.requests.milliCpu += requests.milliCpu;
      entry.requests.memory += requests.memory;
      usage.set(node, entry);
    };
    for (const pod of this.pods.list()) {
      const uid = String(pod.metadata.uid);
      const phase = pod.status?.phase;
      if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') continue;
      if (this.assumed.has(uid)) this.assumed.delete(uid); // The informer has caught up with our binding.
      add(pod.spec.nodeName, podRequests(pod));
    }
    for (const { node, requests } of this.assumed.values()) add(node, requests);
    return usage;
  }

  private podChanged(pod: Pod): void {
    if (needsScheduling(pod)) this.runner.enqueue(objectKey(pod));
  }

  private nodeChanged(old: Node, node: Node): void {
    // Heartbeats rewrite conditions constantly; only what can make a pod fit matters.
    const relevant = (n: Node) => JSON.stringify([n.metadata.labels, n.spec, n.status?.allocatable, n.status?.conditions?.find((c) => c.type === 'Ready')?.status]);
    if (relevant(old) !== relevant(node)) this.retryPending();
  }

  private retryPending(): void {
    for (const pod of this.pods.list()) if (needsScheduling(pod)) this.runner.enqueue(objectKey(pod));
  }
}

export function needsScheduling(pod: Pod): boolean {
  const schedulerName = pod.spec?.schedulerName ?? SCHEDULER_NAME;
  return !pod.spec?.nodeName && schedulerName === SCHEDULER_NAME && !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}
