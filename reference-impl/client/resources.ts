/**
 * Where each kind lives in the REST API. Components name resources by these descriptors, so a
 * path is always built the same way (`/api/v1/...` for the core group, `/apis/G/V/...` otherwise).
 */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name used in URLs. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

function resource(group: string, version: string, plural: string, kind: string, namespaced = true): ResourceType {
  return { group, version, plural, kind, namespaced };
}

export const RESOURCES = {
  pods: resource('', 'v1', 'pods', 'Pod'),
  nodes: resource('', 'v1', 'nodes', 'Node', false),
  namespaces: resource('', 'v1', 'namespaces', 'Namespace', false),
  services: resource('', 'v1', 'services', 'Service'),
  endpoints: resource('', 'v1', 'endpoints', 'Endpoints'),
  events: resource('', 'v1', 'events', 'Event'),
  configmaps: resource('', 'v1', 'configmaps', 'ConfigMap'),
  secrets: resource('', 'v1', 'secrets', 'Secret'),
  serviceaccounts: resource('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  replicationcontrollers: resource('', 'v1', 'replicationcontrollers', 'ReplicationController'),
  resourcequotas: resource('', 'v1', 'resourcequotas', 'ResourceQuota'),
  podtemplates: resource('', 'v1', 'podtemplates', 'PodTemplate'),
  limitranges: resource('', 'v1', 'limitranges', 'LimitRange'),
  deployments: resource('apps', 'v1', 'deployments', 'Deployment'),
  replicasets: resource('apps', 'v1', 'replicasets', 'ReplicaSet'),
  daemonsets: resource('apps', 'v1', 'daemonsets', 'DaemonSet'),
  statefulsets: resource('apps', 'v1', 'statefulsets', 'StatefulSet'),
  controllerrevisions: resource('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  endpointslices: resource('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  horizontalpodautoscalers: resource('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  leases: resource('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  podmetrics: resource('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics'),
  jobs: resource('batch', 'v1', 'jobs', 'Job'),
  cronjobs: resource('batch', 'v1', 'cronjobs', 'CronJob'),
} as const satisfies Record<string, ResourceType>;

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Collection path: `/api/v1/namespaces/NS/pods`, or across namespaces when namespace is absent. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const root = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const scope = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${scope}/${type.plural}`;
}

export function objectPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  const base = `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}
