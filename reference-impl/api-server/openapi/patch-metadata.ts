/**
 * Patch metadata of the upstream Go types (the patchStrategy/patchMergeKey struct tags and the
 * +listType/+listMapKey/+mapType/+structType markers), keyed by client-node model name and JSON
 * field. Fields not listed here are what upstream leaves untagged: lists are atomic (strategic
 * merge patch replaces them), maps and structs are granular.
 */
export interface PatchMetadata {
  /** Strategic merge patch strategy: 'merge' merges lists (by mergeKey for lists of objects). */
  strategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  mergeKey?: string;
  /** Server-side apply list semantics; absent means atomic. */
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** For struct or map fields that upstream marks atomic (replaced as a whole by apply). */
  mapType?: 'atomic';
}

const byName = (mergeKey: string, extraKeys: string[] = []): PatchMetadata => ({
  strategy: 'merge',
  mergeKey,
  listType: 'map',
  listMapKeys: [mergeKey, ...extraKeys],
});
const mergedSet: PatchMetadata = { strategy: 'merge', listType: 'set' };
const conditions = byName('type');

const containerLists: Record<string, PatchMetadata> = {
  ports: byName('containerPort', ['protocol']),
  env: byName('name'),
  volumeMounts: byName('mountPath'),
  volumeDevices: byName('devicePath'),
};

const TABLE: Record<string, Record<string, PatchMetadata>> = {
  V1ObjectMeta: {
    finalizers: mergedSet,
    ownerReferences: byName('uid'),
  },
  V1PodSpec: {
    volumes: { ...byName('name'), strategy: 'merge,retainKeys' },
    initContainers: byName('name'),
    containers: byName('name'),
    ephemeralContainers: byName('name'),
    imagePullSecrets: byName('name'),
    hostAliases: byName('ip'),
    topologySpreadConstraints: byName('topologyKey', ['whenUnsatisfiable']),
    schedulingGates: byName('name'),
    resourceClaims: { ...byName('name'), strategy: 'merge,retainKeys' },
  },
  V1Container: containerLists,
  V1EphemeralContainer: containerLists,
  V1PodStatus: {
    conditions,
    podIPs: byName('ip'),
    hostIPs: byName('ip'),
  },
  V1ServiceSpec: {
    ports: byName('port', ['protocol']),
    selector: { mapType: 'atomic' },
  },
  V1ServiceStatus: { conditions },
  V1DeploymentSpec: { strategy: { strategy: 'retainKeys' } },
  V1DeploymentStatus: { conditions },
  V1ReplicaSetStatus: { conditions },
  V1ReplicationControllerSpec: { selector: { mapType: 'atomic' } },
  V1ReplicationControllerStatus: { conditions },
  V1NamespaceStatus: { conditions },
  V1NodeSpec: { podCIDRs: mergedSet },
  V1NodeStatus: { conditions, addresses: byName('type') },
  V2HorizontalPodAutoscalerStatus: { conditions },
  V1LabelSelector: {},
};

/** Struct models that upstream marks +structType=atomic: apply replaces them whole. */
const ATOMIC_STRUCTS = new Set(['V1LabelSelector', 'V1OwnerReference', 'V1ObjectReference', 'V1LocalObjectReference']);

export function patchMetadataFor(model: string, field: string): PatchMetadata {
  return TABLE[model]?.[field] ?? {};
}

export function isAtomicStruct(model: string): boolean {
  return ATOMIC_STRUCTS.has(model);
}
