import type { Store } from '../reference-impl/store/types.ts';
import type { BenchTarget } from './bench-target.ts';
import { type PodMetadata, setGeneration } from './pod-fixture.ts';

/**
 * The workload straight on a Store, keyed as the API server keys pods. Each call also does
 * what the API server's storage layer does per request: serialize or parse the JSON.
 */
export class StoreTarget implements BenchTarget {
  constructor(readonly label: string, private readonly store: Store) {}

  async create(namespace: string, name: string, body: object): Promise<void> {
    await this.store.create(key(namespace, name), JSON.stringify(body));
  }

  async get(namespace: string, name: string): Promise<void> {
    const kv = await this.store.get(key(namespace, name));
    if (!kv) throw new Error(`pod ${namespace}/${name} not found`);
    JSON.parse(kv.value);
  }

  async annotate(namespace: string, name: string, generation: number): Promise<void> {
    const current = await this.store.get(key(namespace, name));
    if (!current) throw new Error(`pod ${namespace}/${name} not found`);
    const pod = JSON.parse(current.value) as PodMetadata;
    setGeneration(pod, generation);
    await this.store.update(key(namespace, name), JSON.stringify(pod), current.modRevision);
  }

  async list(namespace: string): Promise<number> {
    const result = await this.store.list(key(namespace, ''));
    for (const kv of result.items) JSON.parse(kv.value);
    return result.items.length;
  }

  async watch(namespace: string, onModified: (name: string) => void): Promise<{ stop(): void }> {
    const prefix = key(namespace, '');
    const from = await this.store.currentRevision();
    return this.store.watch(prefix, from, (event) => {
      if (event.type === 'MODIFIED') onModified(event.kv.key.slice(prefix.length));
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

function key(namespace: string, name: string): string {
  return `/registry/pods/${namespace}/${name}`;
}
