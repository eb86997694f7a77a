import type { CoreV1Event, KubernetesObject, V1Pod } from '@kubernetes/client-node';
import type { ApiClient } from './api-client.js';
import type { Evidence } from './context.js';
import { collectionPath, objectPath, resourceInfo, type ObjectRef } from './resources.js';

/** Bounds, so evidence of a big failure stays readable in results.json and e2e.log. */
const MAX_EVENTS = 100;
const MAX_PODS_WITH_LOGS = 8;
const LOG_TAIL_LINES = 50;
const LOG_LIMIT_BYTES = 16_384;
/** Kinds listed whole: controllers create them on the test's behalf, and they are what a person checks. */
const LISTED_KINDS: Array<[string, string]> = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['v1', 'ReplicationController'],
  ['v1', 'Pod'],
];

/**
 * Gathers what a person looks at when a test fails: the namespace's events, its workloads and pods plus
 * everything the test created, with their status, and the tail of each container's log. Never throws:
 * whatever cannot be read is reported as a line of evidence instead.
 */
export async function gatherEvidence(api: ApiClient, namespace: string, created: readonly ObjectRef[]): Promise<Evidence> {
  const evidence: Evidence = { events: [], objects: [], logs: [] };
  const attempt = async (what: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      evidence.events.push(`(kcert could not read ${what}: ${error instanceof Error ? error.message : String(error)})`);
    }
  };

  await attempt('events', async () => {
    const list = await api.request<{ items: CoreV1Event[] }>({ method: 'GET', path: collectionPath(resourceInfo('v1', 'Event'), namespace) });
    const sorted = list.items.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
    for (const event of sorted.slice(-MAX_EVENTS)) evidence.events.push(formatEvent(event));
  });

  const seen = new Set<string>();
  let pods: V1Pod[] = [];
  for (const [apiVersion, kind] of LISTED_KINDS) {
    await attempt(`${kind}s`, async () => {
      const list = await api.request<{ items: KubernetesObject[] }>({ method: 'GET', path: collectionPath(resourceInfo(apiVersion, kind), namespace) });
      for (const object of list.items) {
        seen.add(`${kind}/${object.metadata?.name}`);
        evidence.objects.push({ kind, name: object.metadata?.name ?? '', status: summaryOf(object) });
      }
      if (kind === 'Pod') pods = list.items as V1Pod[];
    });
  }
  for (const ref of created) {
    if (seen.has(`${ref.kind}/${ref.name}`)) continue;
    await attempt(`${ref.kind} ${ref.name}`, async () => {
      const response = await api.send({ method: 'GET', path: objectPath(resourceInfo(ref.apiVersion, ref.kind), ref.namespace, ref.name) });
      const status = response.statusCode === 404 ? 'deleted' : summaryOf(JSON.parse(response.body) as KubernetesObject);
      evidence.objects.push({ kind: ref.kind, name: ref.name, status });
    });
  }

  for (const pod of pods.slice(0, MAX_PODS_WITH_LOGS)) {
    for (const container of pod.spec?.containers ?? []) {
      const name = pod.metadata?.name ?? '';
      await attempt(`the log of ${name}/${container.name}`, async () => {
        const response = await api.send({
          method: 'GET',
          path: `${objectPath(resourceInfo('v1', 'Pod'), namespace, name)}/log`,
          query: { container: container.name, tailLines: LOG_TAIL_LINES, limitBytes: LOG_LIMIT_BYTES },
          raw: true,
        });
        const text = response.statusCode === 200 ? response.body : `(no log: HTTP ${response.statusCode})`;
        evidence.logs.push({ pod: name, container: container.name, text });
      });
    }
  }
  return evidence;
}

function eventTime(event: CoreV1Event): string {
  const value = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata?.creationTimestamp ?? '';
  return String(value);
}

function formatEvent(event: CoreV1Event): string {
  const object = `${event.involvedObject?.kind ?? ''}/${event.involvedObject?.name ?? ''}`;
  return `${eventTime(event)} ${event.type ?? ''} ${event.reason ?? ''} ${object}: ${event.message ?? ''}`.trim();
}

/** Status plus the spec fields people compare it with, without the noise of managedFields. */
function summaryOf(object: KubernetesObject): unknown {
  const spec = (object as { spec?: Record<string, unknown> }).spec;
  const status = (object as { status?: unknown }).status;
  const owner = object.metadata?.ownerReferences?.find((ref) => ref.controller);
  return {
    ...(spec && 'replicas' in spec ? { specReplicas: spec.replicas } : {}),
    ...(spec && 'nodeName' in spec ? { nodeName: spec.nodeName } : {}),
    ...(owner ? { controller: `${owner.kind}/${owner.name}` } : {}),
    ...(object.metadata?.deletionTimestamp ? { deletionTimestamp: object.metadata.deletionTimestamp } : {}),
    status,
  };
}
