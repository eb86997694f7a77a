import type { KubernetesObject } from '@kubernetes/client-node';
import { CheckError } from '../errors.js';

/** Where a kind lives in the REST API. */
export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const KNOWN: ResourceInfo[] = [
  ['v1', 'Pod', 'pods'],
  ['v1', 'Service', 'services'],
  ['v1', 'ReplicationController', 'replicationcontrollers'],
  ['v1', 'Event', 'events'],
  ['v1', 'ConfigMap', 'configmaps'],
  ['v1', 'Secret', 'secrets'],
  ['v1', 'Endpoints', 'endpoints'],
  ['v1', 'ResourceQuota', 'resourcequotas'],
  ['v1', 'LimitRange', 'limitranges'],
  ['v1', 'ServiceAccount', 'serviceaccounts'],
  ['v1', 'PodTemplate', 'podtemplates'],
  ['v1', 'Namespace', 'namespaces', false],
  ['v1', 'Node', 'nodes', false],
  ['apps/v1', 'Deployment', 'deployments'],
  ['apps/v1', 'ReplicaSet', 'replicasets'],
  ['apps/v1', 'StatefulSet', 'statefulsets'],
  ['apps/v1', 'DaemonSet', 'daemonsets'],
  ['apps/v1', 'ControllerRevision', 'controllerrevisions'],
  ['autoscaling/v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
  ['autoscaling/v1', 'Scale', 'scale'],
  ['discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'],
  ['events.k8s.io/v1', 'Event', 'events'],
  ['batch/v1', 'Job', 'jobs'],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses'],
  ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'],
].map(([apiVersion, kind, plural, namespaced]) => ({
  apiVersion: apiVersion as string,
  kind: kind as string,
  plural: plural as string,
  namespaced: namespaced !== false,
}));

export function resourceInfo(apiVersion: string, kind: string): ResourceInfo {
  const found = KNOWN.find((info) => info.apiVersion === apiVersion && info.kind === kind);
  if (!found) throw new CheckError(`kcert's framework does not know the resource ${apiVersion} ${kind}; add it to src/framework/resources.ts`);
  return found;
}

/** The collection path of a kind, in a namespace (or across all namespaces when namespace is undefined). */
export function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const root = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
  if (!info.namespaced || namespace === undefined) return `${root}/${info.plural}`;
  return `${root}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`;
}

export function objectPath(info: ResourceInfo, namespace: string, name: string, subresource?: string): string {
  const base = `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}

/** The identity of an object: enough to find it again. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

export function refOf(object: KubernetesObject, defaultNamespace: string): ObjectRef {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  if (!apiVersion || !kind || !name) {
    throw new CheckError(`an object needs apiVersion, kind and metadata.name to be referenced (got ${apiVersion ?? '?'} ${kind ?? '?'} ${name ?? '?'})`);
  }
  return { apiVersion, kind, name, namespace: object.metadata?.namespace ?? defaultNamespace };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
