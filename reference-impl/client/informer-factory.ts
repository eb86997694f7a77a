import type { ApiClient } from './api-client.ts';
import { Informer } from './informer.ts';
import type { ResourceType } from './resources.ts';
import type { KubeObject } from './types.ts';

/**
 * One cluster-wide informer per resource type, shared by every controller in a process, so the
 * API server sees one watch per kind rather than one per controller.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();

  constructor(
    private readonly client: ApiClient,
    private readonly log?: (line: string) => void,
  ) {}

  for<T extends KubeObject = KubeObject>(type: ResourceType): Informer<T> {
    const key = `${type.group}/${type.version}/${type.plural}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer(this.client, type, { log: this.log });
      this.informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer requested so far and waits until all have listed once. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }
}
