import type { KubeObject } from '../../client/index.ts';
import type { EndpointSubset } from '../endpoints/plan.ts';
import type { ResolvedPort } from '../endpoints/service-pods.ts';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointGroup, type SliceEndpoint } from '../endpointslice/slices.ts';

export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

/** Endpoints subsets as slice endpoint groups: addresses are ready, notReadyAddresses are not. */
export function mirrorGroups(subsets: EndpointSubset[] | undefined): EndpointGroup[] {
  return (subsets ?? []).map((subset) => {
    // Spelled out as the API server stores a slice port (name defaulted to ""): a port list that
    // differs from the stored one only by an absent name would make every sync replace the slice.
    const ports: ResolvedPort[] = (subset.ports ?? []).map((port) => ({ ...port, name: port.name ?? '', protocol: port.protocol ?? 'TCP' }));
    const endpoint = (ready: boolean) => (address: NonNullable<EndpointSubset['addresses']>[number]): SliceEndpoint => ({
      addresses: [address.ip],
      conditions: { ready, serving: ready, terminating: false },
      ...(address.hostname ? { hostname: address.hostname } : {}),
      ...(address.nodeName ? { nodeName: address.nodeName } : {}),
      ...(address.targetRef ? { targetRef: address.targetRef } : {}),
    });
    return { ports, endpoints: [...(subset.addresses ?? []).map(endpoint(true)), ...(subset.notReadyAddresses ?? []).map(endpoint(false))] };
  });
}

/** Mirrored slice labels: the Endpoints' labels plus service-name and the mirroring controller as manager. */
export function mirrorLabels(endpoints: KubeObject): Record<string, string> {
  const labels = { ...(endpoints.metadata.labels ?? {}) };
  delete labels[MANAGED_BY_LABEL];
  return { ...labels, [SERVICE_NAME_LABEL]: String(endpoints.metadata.name), [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER_NAME };
}
