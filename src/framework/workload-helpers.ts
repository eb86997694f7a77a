import type { KubernetesObject, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { ConformanceFailure } from '../errors.js';
import type { TestContext } from './context.js';
import { satisfies, type Predicate } from './predicate.js';
import { replicaSetsOf, type Selection } from './selection.js';
import { delay } from './retry.js';

const HASH_LABEL = 'pod-template-hash';

/** A pod template without the controller-added pod-template-hash label, for comparing templates. */
function templateKey(template: unknown): string {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  delete copy.metadata?.labels?.[HASH_LABEL];
  return JSON.stringify(sortKeys(copy));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/**
 * The Deployment's ReplicaSets split as upstream's helpers do: the new one has the Deployment's
 * template (ignoring pod-template-hash; the oldest such one if several), the others are old.
 */
export async function replicaSetsSplit(t: TestContext, deployment: KubernetesObject): Promise<{ current: V1Deployment; newRS?: V1ReplicaSet; old: V1ReplicaSet[] }> {
  const current = (await t.get(deployment)) as V1Deployment;
  const all = (await t.list(replicaSetsOf(current))) as V1ReplicaSet[];
  const wanted = templateKey(current.spec?.template);
  const matching = all
    .filter((rs) => templateKey(rs.spec?.template) === wanted)
    .sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)));
  const newRS = matching[0];
  return { current, newRS, old: all.filter((rs) => rs !== newRS) };
}

/** Waits until the Deployment has a new ReplicaSet and returns it. */
export async function newReplicaSetOf(t: TestContext, deployment: KubernetesObject): Promise<V1ReplicaSet> {
  const deadline = Date.now() + t.timeout('deploymentRollout');
  for (;;) {
    const { newRS, old } = await replicaSetsSplit(t, deployment);
    if (newRS) return newRS;
    if (Date.now() > deadline) {
      throw new ConformanceFailure(`Deployment ${deployment.metadata?.name}: expected a ReplicaSet with its current pod template; found only ${old.map((rs) => rs.metadata?.name).join(', ') || 'none'}`);
    }
    await delay(500, t.signal, 'waiting for the new ReplicaSet');
  }
}

/**
 * Upstream's rolling-update availability check (waitForDeploymentCompleteAndCheckRolling): at every
 * observation the Deployment has at least replicas − maxUnavailable available pods.
 */
export function keepsMinimumAvailable(): Predicate<KubernetesObject> {
  return satisfies('at least replicas − maxUnavailable available', (object) => {
    const d = object as V1Deployment | undefined;
    if (!d) return { ok: false, observed: 'the Deployment does not exist' };
    const want = d.spec?.replicas ?? 1;
    const { unavailable } = resolveFenceposts(d.spec?.strategy?.rollingUpdate?.maxSurge, d.spec?.strategy?.rollingUpdate?.maxUnavailable, want);
    const available = d.status?.availableReplicas ?? 0;
    return { ok: available >= want - unavailable, observed: `status.availableReplicas = ${available} (min ${want - unavailable})` };
  });
}

/**
 * Upstream's rolling-update surge check: the Deployment's ReplicaSets together never ask for more than
 * replicas + maxSurge pods (the sum of their spec.replicas, as upstream counts "pods created").
 */
export function replicaSetsWithinSurge(deployment: V1Deployment): Predicate<KubernetesObject[]> {
  const want = deployment.spec?.replicas ?? 1;
  const { surge } = resolveFenceposts(deployment.spec?.strategy?.rollingUpdate?.maxSurge, deployment.spec?.strategy?.rollingUpdate?.maxUnavailable, want);
  return satisfies(`ReplicaSets asking for at most ${want + surge} pods (replicas + maxSurge)`, (sets) => {
    const all = (sets ?? []) as V1ReplicaSet[];
    const total = all.reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
    return { ok: total <= want + surge, observed: `spec.replicas of ${all.map((rs) => `${rs.metadata?.name}=${rs.spec?.replicas ?? 0}`).join(', ')} sum to ${total}` };
  });
}

export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, replicas: number): { surge: number; unavailable: number } {
  const scaled = (value: unknown, fallback: string, roundUp: boolean) => {
    const v = value ?? fallback;
    if (typeof v === 'number') return v;
    const percent = Number(String(v).replace('%', ''));
    const exact = (percent * replicas) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  };
  const surge = scaled(maxSurge, '25%', true);
  let unavailable = scaled(maxUnavailable, '25%', false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/**
 * Upstream's WaitForPodsResponding: every pod answers, through the API server's pod proxy, with its own
 * name (serve-hostname). Polls each pod until it does or the time is up.
 */
export async function expectPodsServeTheirNames(t: TestContext, selection: Selection<V1Pod>, withinMs: number): Promise<void> {
  const podList = await t.list(selection);
  const deadline = Date.now() + withinMs * 1;
  for (const pod of podList) {
    const name = pod.metadata?.name ?? '';
    let last = 'no answer yet';
    for (;;) {
      const response = await t.proxyGet(pod);
      if (response.statusCode === 200 && response.body.trim() === name) break;
      last = `HTTP ${response.statusCode}: ${response.body.slice(0, 120)}`;
      if (Date.now() > deadline) {
        throw new ConformanceFailure(`pod ${name}: expected GET …/pods/${name}/proxy/ to answer with the pod's name within ${Math.round(withinMs / 1000)}s; last answer ${last}`);
      }
      await delay(1_000, t.signal, `waiting for ${name} to respond`);
    }
  }
}

/**
 * Upstream's WaitForDeploymentRevisionAndImage: the Deployment and its new ReplicaSet both carry the
 * revision annotation and the image in their pod template.
 */
export async function waitForRevisionAndImage(t: TestContext, deployment: KubernetesObject, revision: string, image: string): Promise<V1ReplicaSet> {
  const subject = `Deployment ${deployment.metadata?.name}`;
  const deadline = Date.now() + t.timeout('deploymentRollout');
  let observed = 'nothing yet';
  for (;;) {
    const { current, newRS } = await replicaSetsSplit(t, deployment);
    const annotation = (o?: KubernetesObject) => o?.metadata?.annotations?.['deployment.kubernetes.io/revision'];
    const imageOf = (o?: V1Deployment | V1ReplicaSet) => o?.spec?.template?.spec?.containers?.[0]?.image;
    if (newRS && annotation(current) === revision && annotation(newRS) === revision && imageOf(current) === image && imageOf(newRS) === image) return newRS;
    observed = `Deployment revision ${annotation(current) ?? '<unset>'} image ${imageOf(current)}; new ReplicaSet ${newRS?.metadata?.name ?? '<none>'} revision ${annotation(newRS) ?? '<unset>'} image ${imageOf(newRS) ?? '<none>'}`;
    if (Date.now() > deadline) {
      throw new ConformanceFailure(`${subject}: expected revision ${revision} with image ${image} on the Deployment and its new ReplicaSet within ${Math.round(t.timeout('deploymentRollout') / 1000)}s; last observed ${observed}`);
    }
    await delay(1_000, t.signal, `waiting for ${subject} revision ${revision}`);
  }
}
