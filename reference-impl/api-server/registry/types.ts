export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
};

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<Record<string, unknown>>;
  managedFields?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Where the scale subresource reads and writes replicas, and how it renders the selector. */
export interface ScaleSpec {
  /** RC selectors are plain maps; apps selectors are LabelSelector objects. */
  selectorStyle: 'map' | 'labelSelector';
}

/** Converts between the stored representation and one served version (e.g. events.k8s.io/v1). */
export interface VersionConverter {
  toStorage(object: KubeObject): KubeObject;
  fromStorage(object: KubeObject): KubeObject;
}

/** One REST resource as served at one group/version. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower case, e.g. 'deployments'. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served besides the main resource, e.g. status, scale, log. */
  subresources: string[];
  /** Several served versions may share one stored resource (events, horizontalpodautoscalers). */
  storageResource: string;
  /** The group/version objects are kept in; others convert through `converter`. */
  storageVersion: string;
  converter?: VersionConverter;
  /** metadata.generation is bumped when the spec changes. */
  tracksGeneration: boolean;
  scale?: ScaleSpec;
  /** Values of the resource-specific field selectors this resource supports (besides metadata.name/namespace). */
  selectableFields?: (object: KubeObject) => Record<string, string>;
  /** This version is the preferred one of its group (discovery). */
  preferred: boolean;
  /** Verbs when not the standard set, e.g. create-only reviews that are never stored. */
  verbs?: string[];
}

export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}
