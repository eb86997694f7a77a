import { apiTime } from './api-time.ts';
import { randomBytes } from 'node:crypto';
import { RESOURCES, type ApiClient } from '../client/index.ts';
import type { Pod } from './pod-types.ts';

/**
 * Writes core/v1 Events for the kubelet (Pulled, Created, Started, Killing, Unhealthy, BackOff…).
 * Repeats of the same reason and message for the same object bump `count` instead of creating
 * a new Event, like the upstream event correlator. Failures are logged, never thrown: events
 * are diagnostics.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; pending: Promise<unknown> }>();

  constructor(
    private readonly client: ApiClient,
    private readonly nodeName: string,
    private readonly log: (line: string) => void,
    private readonly enabled = true,
  ) {}

  podEvent(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, containerName?: string): void {
    if (!this.enabled) return;
    const namespace = pod.metadata.namespace ?? 'default';
    const fieldPath = containerName ? this.fieldPath(pod, containerName) : undefined;
    const key = `${pod.metadata.uid}|${fieldPath ?? ''}|${reason}|${message}`;
    const now = apiTime();
    const existing = this.seen.get(key);
    if (existing) {
      existing.count++;
      const count = existing.count;
      existing.pending = existing.pending
        .then(() => this.client.patch(RESOURCES.events, existing.namespace, existing.name, { count, lastTimestamp: now }, 'merge'))
        .catch((error: Error) => this.log(`event update failed: ${error.message}`));
      return;
    }
    const name = `${pod.metadata.name}.${randomBytes(8).toString('hex')}`;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata.name,
        namespace,
        uid: pod.metadata.uid,
        resourceVersion: pod.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      source: { component: 'kubelet', host: this.nodeName },
      reportingComponent: 'kubelet',
      reportingInstance: this.nodeName,
      firstTimestamp: now,
      lastTimestamp: now,
      eventTime: null,
      count: 1,
    };
    const pending = this.client.create(RESOURCES.events, event as never, namespace).catch((error: Error) => this.log(`event create failed: ${error.message}`));
    this.seen.set(key, { name, namespace, count: 1, pending });
    if (this.seen.size > 20_000) this.seen.delete(this.seen.keys().next().value!);
  }

  /** Drops correlation state of a pod that is gone. */
  forget(uid: string | undefined): void {
    for (const key of this.seen.keys()) if (key.startsWith(`${uid}|`)) this.seen.delete(key);
  }

  private fieldPath(pod: Pod, containerName: string): string {
    const index = pod.spec.containers.findIndex((c) => c.name === containerName);
    if (index >= 0) return `spec.containers{${containerName}}`;
    return `spec.initContainers{${containerName}}`;
  }
}
