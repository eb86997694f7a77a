import { isNotFound, RESOURCES, type ApiClient, type OwnerReference } from '../../client/index.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import type { Expectations } from '../runtime/expectations.ts';
import { adopt, release } from '../shared/controller-ref.ts';
import type { Pod } from '../shared/pods.ts';
import { slowStartBatches } from './plan.ts';
import type { ReplicaController } from './kinds.ts';

/** The side effects of the replica controller on pods: create in slow-start batches, delete, adopt, release. */
export class PodControl {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly expectations: Expectations,
  ) {}

  /**
   * Creates `count` copies of the pod in batches 1, 2, 4…, stopping after the first batch with a
   * failure; creations never attempted or failed are taken off the expectations. Returns the first
   * error (for the ReplicaFailure condition) and how many pods were created.
   */
  async create(owner: ReplicaController, ownerKey: string, pod: Pod, count: number): Promise<{ created: number; error?: Error }> {
    this.expectations.expectCreations(ownerKey, count);
    let created = 0;
    let attempted = 0;
    for (const size of slowStartBatches(count)) {
      attempted += size;
      const results = await Promise.allSettled(Array.from({ length: size }, () => this.client.create<Pod>(RESOURCES.pods, pod)));
      const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      created += size - failures.length;
      for (const result of results) {
        if (result.status === 'fulfilled') this.recorder.normal(owner, 'SuccessfulCreate', `Created pod: ${result.value.metadata.name}`);
      }
      if (failures.length > 0) {
        this.expectations.lowerCreations(ownerKey, failures.length + (count - attempted));
        const error = failures[0]!.reason as Error;
        this.recorder.warning(owner, 'FailedCreate', `Error creating: ${error.message}`);
        return { created, error };
      }
    }
    return { created };
  }

  async delete(owner: ReplicaController, ownerKey: string, pods: Pod[]): Promise<{ error?: Error }> {
    this.expectations.expectDeletions(ownerKey, pods.map((pod) => String(pod.metadata.uid)));
    const results = await Promise.allSettled(
      pods.map(async (pod) => {
        try {
          await this.client.delete(RESOURCES.pods, pod.metadata.namespace, String(pod.metadata.name));
          this.recorder.normal(owner, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (error) {
          // The deletion will never be observed through the informer: stop expecting it.
          this.expectations.lowerDeletion(ownerKey, String(pod.metadata.uid));
          if (isNotFound(error)) return;
          this.recorder.warning(owner, 'FailedDelete', `Error deleting: ${(error as Error).message}`);
          throw error;
        }
      }),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    return failed ? { error: failed.reason as Error } : {};
  }

  async adopt(pod: Pod, ref: OwnerReference): Promise<void> {
    await adopt(this.client, RESOURCES.pods, pod, ref);
  }

  async release(pod: Pod, ownerUid: string): Promise<void> {
    await release(this.client, RESOURCES.pods, pod, ownerUid);
  }
}
