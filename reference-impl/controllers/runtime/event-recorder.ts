import { randomBytes } from 'node:crypto';
import { RESOURCES, type ApiClient, type KubeObject } from '../../client/index.ts';

export type EventType = 'Normal' | 'Warning';

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

const MAX_REMEMBERED = 4096;

/**
 * Writes core/v1 Events about the objects a component acts on, as client-go's recorder does:
 * source.component and reportingComponent name the component; a repeat of the same reason and
 * message for the same object bumps count and lastTimestamp instead of creating a new Event.
 * Recording never fails the caller: errors are logged.
 */
export class EventRecorder {
  private readonly recorded = new Map<string, Recorded>();

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly log?: (line: string) => void,
  ) {}

  normal(object: KubeObject, reason: string, message: string): void {
    void this.record(object, 'Normal', reason, message);
  }

  warning(object: KubeObject, reason: string, message: string): void {
    void this.record(object, 'Warning', reason, message);
  }

  /** Resolves when the Event is written (tests await it; components fire and forget). */
  async record(object: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const { metadata } = object;
    const namespace = metadata.namespace || 'default';
    const key = `${metadata.uid}|${type}|${reason}|${message}`;
    const now = new Date().toISOString();
    const previous = this.recorded.get(key);
    try {
      if (previous) {
        previous.count++;
        await this.client.patch(RESOURCES.events, previous.namespace, previous.name, { count: previous.count, lastTimestamp: now }, 'merge');
        return;
      }
      const name = `${metadata.name}.${Date.now().toString(16)}${randomBytes(2).toString('hex')}`;
      await this.client.create(RESOURCES.events, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: object.kind,
          apiVersion: object.apiVersion,
          namespace: metadata.namespace,
          name: metadata.name,
          uid: metadata.uid,
          resourceVersion: metadata.resourceVersion,
        },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: this.component },
        reportingComponent: this.component,
        reportingInstance: this.component,
      });
      if (this.recorded.size >= MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value!);
      this.recorded.set(key, { name, namespace, count: 1, firstTimestamp: now });
    } catch (error) {
      // The event's namespace may be terminating, or a remembered Event was deleted: forget it.
      this.recorded.delete(key);
      this.log?.(`event ${reason} for ${namespace}/${metadata.name}: ${(error as Error).message}`);
    }
  }
}
