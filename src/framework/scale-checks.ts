import type { KubernetesObject } from '@kubernetes/client-node';
import type { TestContext } from './context.js';
import { fieldEquals } from './predicate.js';
import { specReplicas } from './predicates.js';
import { strategicMerge } from './patches.js';
import { expectThat } from './waits.js';

/**
 * The scale-subresource checks upstream's ReplicaSet and Deployment tests share: GET shows the current
 * replicas, an unconditional PUT and a strategic-merge PATCH each change the owner's spec.replicas.
 */
export async function checkScaleSubresource(t: TestContext, owner: KubernetesObject, options: { patch: boolean }): Promise<void> {
  const where = `${owner.kind} ${owner.metadata?.name} scale`;
  const scale = await t.step('GET scale shows 1 replica in spec and status', async () => {
    const current = await t.get(owner, 'scale');
    expectThat(current, fieldEquals('status.replicas 1', 'status.replicas', 1), where);
    return expectThat(current, fieldEquals('spec.replicas 1', 'spec.replicas', 1), where);
  });
  await t.step('an unconditional PUT of the scale to 2 changes spec.replicas', async () => {
    const body = { ...scale, metadata: { ...scale.metadata, resourceVersion: undefined }, spec: { replicas: 2 } };
    expectThat(await t.update(body, 'scale', owner), fieldEquals('spec.replicas 2', 'spec.replicas', 2), `the answer to PUT ${where}`);
    expectThat(await t.get(owner), specReplicas(2), `${owner.kind} ${owner.metadata?.name}`);
  });
  if (!options.patch) return;
  await t.step('a strategic-merge PATCH of the scale to 4 changes spec.replicas', async () => {
    await t.patch(owner, strategicMerge({ spec: { replicas: 4 } }), 'scale');
    expectThat(await t.get(owner), specReplicas(4), `${owner.kind} ${owner.metadata?.name}`);
  });
}
