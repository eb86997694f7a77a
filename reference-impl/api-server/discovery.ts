import { RESOURCES, resourcesOf, servedGroups } from './registry/resources.ts';
import { STANDARD_VERBS, type ResourceInfo } from './registry/types.ts';
import { parseAccept } from './negotiation.ts';

/**
 * Discovery documents: legacy (/api, /apis, /apis/GROUP, APIResourceLists) and aggregated
 * (apidiscovery.k8s.io v2 and v2beta1), chosen from the Accept list in order as client-go asks:
 * kubectl 1.27–1.29 offer v2beta1 then plain JSON, 1.30+ offer v2, v2beta1, then plain JSON.
 */

interface SubresourceDescription {
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

const SUBRESOURCES: Record<string, (info: ResourceInfo) => SubresourceDescription> = {
  status: (info) => ({ kind: info.kind, verbs: ['get', 'patch', 'update'] }),
  scale: () => ({ kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }),
  binding: () => ({ kind: 'Binding', verbs: ['create'] }),
  log: () => ({ kind: 'Pod', verbs: ['get'] }),
  exec: () => ({ kind: 'PodExecOptions', verbs: ['create', 'get'] }),
  attach: () => ({ kind: 'PodAttachOptions', verbs: ['create', 'get'] }),
  portforward: () => ({ kind: 'PodPortForwardOptions', verbs: ['create', 'get'] }),
  proxy: (info) => ({ kind: `${info.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] }),
  eviction: () => ({ kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] }),
  finalize: (info) => ({ kind: info.kind, verbs: ['update'] }),
};

function verbsOf(info: ResourceInfo): string[] {
  if (info.verbs) return info.verbs;
  return info.namespaced || info.resource !== 'namespaces' ? STANDARD_VERBS : STANDARD_VERBS.filter((verb) => verb !== 'deletecollection');
}

/** Extra group versions served by optional modules (metrics.k8s.io), with their resource lists. */
export interface ExtraGroupVersion {
  group: string;
  version: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }>;
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntries(extra: ExtraGroupVersion[]) {
  const groups = servedGroups().filter((group) => group.group !== '');
  for (const gv of extra) groups.push({ group: gv.group, versions: [gv.version], preferredVersion: gv.version });
  return groups;
}

function apiGroup(entry: { group: string; versions: string[]; preferredVersion: string }) {
  const gv = (version: string) => ({ groupVersion: `${entry.group}/${version}`, version });
  return { name: entry.group, versions: entry.versions.map(gv), preferredVersion: gv(entry.preferredVersion) };
}

export function apiGroupList(extra: ExtraGroupVersion[]): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupEntries(extra).map(apiGroup) };
}

export function apiGroupDocument(group: string, extra: ExtraGroupVersion[]): unknown | undefined {
  const entry = groupEntries(extra).find((candidate) => candidate.group === group);
  return entry ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(entry) } : undefined;
}

export function apiResourceList(group: string, version: string, extra: ExtraGroupVersion[]): unknown | undefined {
  const groupVersion = group ? `${group}/${version}` : version;
  const extraGV = extra.find((gv) => gv.group === group && gv.version === version);
  if (extraGV) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: extraGV.resources.map((r) => ({ ...r, singularName: '' })) };
  }
  const infos = resourcesOf(group, version);
  if (infos.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const info of infos) {
    resources.push({
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: verbsOf(info),
      ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
      ...(info.categories.length ? { categories: info.categories } : {}),
    });
    for (const sub of info.subresources) {
      const description = SUBRESOURCES[sub]!(info);
      resources.push({
        name: `${info.resource}/${sub}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(description.group !== undefined ? { group: description.group, version: description.version } : {}),
        kind: description.kind,
        verbs: description.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

function aggregatedResource(info: ResourceInfo) {
  return {
    resource: info.resource,
    responseKind: { group: info.group, version: info.version, kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: verbsOf(info),
    ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
    ...(info.categories.length ? { categories: info.categories } : {}),
    ...(info.subresources.length
      ? {
          subresources: info.subresources.map((sub) => {
            const description = SUBRESOURCES[sub]!(info);
            return {
              subresource: sub,
              responseKind: { group: description.group ?? info.group, version: description.version ?? info.version, kind: description.kind },
              verbs: description.verbs,
            };
          }),
        }
      : {}),
  };
}

/** The APIGroupDiscoveryList for /api (legacy group only) or /apis (every named group). */
export function aggregatedDiscovery(root: 'api' | 'apis', version: 'v2' | 'v2beta1', extra: ExtraGroupVersion[]): unknown {
  const groups = root === 'api' ? servedGroups().filter((group) => group.group === '') : groupEntries(extra);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((entry) => ({
      metadata: { name: entry.group, creationTimestamp: null },
      versions: entry.versions.map((groupVersion) => {
        const extraGV = extra.find((gv) => gv.group === entry.group && gv.version === groupVersion);
        const resources = extraGV
          ? extraGV.resources.map((r) => ({
              resource: r.name,
              responseKind: { group: entry.group, version: groupVersion, kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.name.replace(/s$/, ''),
              verbs: r.verbs,
            }))
          : RESOURCES.filter((info) => info.group === entry.group && info.version === groupVersion).map(aggregatedResource);
        return { version: groupVersion, resources, freshness: 'Current' };
      }),
    })),
  };
}

/** Which discovery format the client accepts first: an aggregated version, or legacy JSON. */
export function negotiateDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | 'legacy' | undefined {
  const ranges = parseAccept(accept);
  for (const range of ranges) {
    if (range.params.as === 'APIGroupDiscoveryList') {
      if (range.type !== 'application/json' || range.params.g !== 'apidiscovery.k8s.io') continue;
      if (range.params.v === 'v2' || range.params.v === 'v2beta1') return range.params.v;
      continue;
    }
    if (range.params.as) continue;
    if (range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*') return 'legacy';
  }
  return ranges.length === 0 ? 'legacy' : undefined;
}

export function discoveryContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}
