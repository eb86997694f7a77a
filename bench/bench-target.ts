/**
 * What the latency workload needs from a backend: pod operations in a namespace. Implemented
 * directly on a Store (store-target.ts) and through the API server over HTTPS (api-target.ts),
 * so both levels run the very same workload.
 */
export interface BenchTarget {
  readonly label: string;
  create(namespace: string, name: string, body: object): Promise<void>;
  get(namespace: string, name: string): Promise<void>;
  /**
   * Sets the pod's `kcert.dev/generation` annotation: read, change, write back at the read
   * revision, as a controller would (the API server forbids most other pod spec changes).
   */
  annotate(namespace: string, name: string, generation: number): Promise<void>;
  /** Lists every pod in the namespace; returns how many came back. */
  list(namespace: string): Promise<number>;
  /** Calls back with the pod name for each modification seen in the namespace, until stopped. */
  watch(namespace: string, onModified: (name: string) => void): Promise<{ stop(): void }>;
  close(): Promise<void>;
}
