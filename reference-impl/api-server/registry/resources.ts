import { autoscalingV1Converter, eventsV1Converter } from './converters.ts';
import type { KubeObject, ResourceInfo } from './types.ts';

/**
 * Every resource the reference API server serves, as discovery lists it. Names, short names,
 * categories and subresources follow kube-apiserver (kubectl resolves `po`, `deploy`, `all` … from
 * this table through discovery).
 */
type Entry = Partial<ResourceInfo> & Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'kind'>;

type Json = Record<string, any>;
const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function podFields(pod: KubeObject): Record<string, string> {
  const spec = (pod.spec ?? {}) as Json;
  const status = (pod.status ?? {}) as Json;
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': String(spec.hostNetwork === true),
    'status.phase': str(status.phase),
    'status.podIP': str(status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

/** Computed on the stored (core/v1) form, so both event APIs accept the same selectors. */
function eventFields(event: KubeObject): Record<string, string> {
  const involved = (event.involvedObject ?? {}) as Json;
  const source = (event.source ?? {}) as Json;
  const fields: Record<string, string> = {
    reason: str(event.reason),
    reportingComponent: str(event.reportingComponent),
    // Events written through events.k8s.io carry reportingController instead of a source.
    source: str(source.component) || str(event.reportingComponent),
    type: str(event.type),
  };
  for (const key of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
    fields[`involvedObject.${key}`] = str(involved[key]);
    fields[`regarding.${key}`] = str(involved[key]);
  }
  fields.reportingController = fields.reportingComponent!;
  return fields;
}

const replicaFields = (object: KubeObject) => ({ 'status.replicas': str((object.status as Json | undefined)?.replicas ?? 0) });

const ENTRIES: Entry[] = [
  // core/v1
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'],
    selectableFields: (ns) => ({ 'status.phase': str((ns.status as Json | undefined)?.phase) }) },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', shortNames: ['po'], categories: ['all'], tracksGeneration: true,
    subresources: ['status', 'binding', 'log', 'exec', 'attach', 'portforward', 'proxy', 'eviction'], selectableFields: podFields },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], subresources: ['status', 'proxy'],
    selectableFields: (svc) => ({ 'spec.clusterIP': str((svc.spec as Json | undefined)?.clusterIP), 'spec.type': str((svc.spec as Json | undefined)?.type) }) },
  { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', shortNames: ['ep'] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', selectableFields: (secret) => ({ type: str(secret.type) }) },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', shortNames: ['ev'], selectableFields: eventFields },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status', 'proxy'],
    selectableFields: (node) => ({ 'spec.unschedulable': String((node.spec as Json | undefined)?.unschedulable === true) }) },
  { group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', shortNames: ['rc'], categories: ['all'],
    subresources: ['status', 'scale'], tracksGeneration: true, scale: { selectorStyle: 'map' }, selectableFields: replicaFields },
  { group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', shortNames: ['quota'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] },
  { group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate' },
  // apps/v1
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'],
    subresources: ['status', 'scale'], tracksGeneration: true, scale: { selectorStyle: 'labelSelector' } },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'],
    subresources: ['status', 'scale'], tracksGeneration: true, scale: { selectorStyle: 'labelSelector' }, selectableFields: replicaFields },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision' },
  // discovery.k8s.io/v1
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice' },
  // autoscaling: stored as v2, v1 converts
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'],
    categories: ['all'], subresources: ['status'], tracksGeneration: true },
  { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'],
    categories: ['all'], subresources: ['status'], tracksGeneration: true, storageVersion: 'autoscaling/v2', converter: autoscalingV1Converter, preferred: false },
  // coordination.k8s.io/v1
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease' },
  // authorization.k8s.io/v1: answered, never stored (`kubectl auth can-i`)
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  // events.k8s.io/v1: stored as core/v1 events
  { group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', shortNames: ['ev'], storageVersion: 'v1',
    converter: eventsV1Converter, selectableFields: eventFields },
];

function complete(entry: Entry): ResourceInfo {
  const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
  return {
    namespaced: true,
    singular: entry.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    subresources: [],
    storageResource: entry.resource,
    storageVersion: apiVersion,
    tracksGeneration: false,
    preferred: true,
    ...entry,
  };
}

export const RESOURCES: readonly ResourceInfo[] = ENTRIES.map(complete);

/** The resource served at group/version with this plural name. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((info) => info.group === group && info.version === version && info.resource === resource);
}

/** The served version whose representation is the stored one (for cross-version watches and bootstrap). */
export function storageInfo(info: ResourceInfo): ResourceInfo {
  return RESOURCES.find((other) => other.storageResource === info.storageResource && !other.converter && other.group === info.group) ??
    RESOURCES.find((other) => other.storageResource === info.storageResource && !other.converter)!;
}

/** Served groups in discovery order, each with its versions (preferred first). */
export function servedGroups(): Array<{ group: string; versions: string[]; preferredVersion: string }> {
  const groups = new Map<string, { versions: string[]; preferredVersion: string }>();
  for (const info of RESOURCES) {
    const entry = groups.get(info.group) ?? { versions: [], preferredVersion: info.version };
    if (!entry.versions.includes(info.version)) entry.versions.push(info.version);
    if (info.preferred && !info.converter) entry.preferredVersion = info.version;
    groups.set(info.group, entry);
  }
  return [...groups].map(([group, entry]) => ({
    group,
    versions: [entry.preferredVersion, ...entry.versions.filter((version) => version !== entry.preferredVersion)],
    preferredVersion: entry.preferredVersion,
  }));
}

export function resourcesOf(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((info) => info.group === group && info.version === version);
}
