import type { ApiClient } from './api-client.ts';
import type { ResourceType } from './resources.ts';

export interface DiscoveredResource extends ResourceType {
  verbs: string[];
}

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface GroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions: { version: string }[] }[];
}

/**
 * Every top-level resource the API server serves in its preferred version (legacy discovery:
 * /api/v1, /apis, /apis/G/V), with verbs. The namespace controller and the garbage collector use
 * it to reach kinds they do not know, custom resources included. Groups that fail are skipped.
 */
export async function discoverResources(client: ApiClient): Promise<DiscoveredResource[]> {
  const found: DiscoveredResource[] = [];
  const collect = (group: string, version: string, list: ResourceList) => {
    for (const entry of list.resources ?? []) {
      if (entry.name.includes('/')) continue; // subresources
      found.push({ group, version, plural: entry.name, kind: entry.kind, namespaced: entry.namespaced, verbs: entry.verbs ?? [] });
    }
  };
  collect('', 'v1', await client.request<ResourceList>('GET', '/api/v1'));
  const groups = await client.request<GroupList>('GET', '/apis');
  await Promise.all(
    (groups.groups ?? []).map(async (group) => {
      const version = group.preferredVersion?.version ?? group.versions[0]?.version;
      if (!version) return;
      try {
        collect(group.name, version, await client.request<ResourceList>('GET', `/apis/${group.name}/${version}`));
      } catch {
        // An unavailable group (e.g. an aggregated API that is down) must not stop the caller.
      }
    }),
  );
  return found;
}
