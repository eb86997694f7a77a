import type { Pod } from '../shared/pods.ts';
import { derivedLabels, hostnameFor, podCanServe, podIsReady, resolvePorts, selectedPods, type Service } from '../endpoints/service-pods.ts';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointGroup, type SliceEndpoint } from './slices.ts';

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

/**
 * A Service's endpoints as slices want them, grouped by resolved port list: every selected pod
 * with an IP (terminating ones included) with conditions ready (Ready and not terminating),
 * serving (Ready, even while terminating) and terminating; publishNotReadyAddresses makes every
 * endpoint ready and serving.
 */
export function planEndpointGroups(service: Service, pods: Pod[], zoneOf: (node: string) => string | undefined, options: { allReady?: boolean } = {}): EndpointGroup[] {
  const publish = Boolean(service.spec?.publishNotReadyAddresses);
  const groups = new Map<string, EndpointGroup>();
  for (const pod of selectedPods(service, pods)) {
    const ip = pod.status?.podIP;
    if (!ip || !podCanServe(pod)) continue;
    const terminating = Boolean(pod.metadata.deletionTimestamp);
    const ready = podIsReady(pod) || Boolean(options.allReady);
    const hostname = hostnameFor(service, pod);
    const node = pod.spec?.nodeName;
    const zone = node ? zoneOf(node) : undefined;
    const endpoint: SliceEndpoint = {
      addresses: [ip],
      conditions: { ready: publish || (ready && !terminating), serving: publish || ready, terminating },
      ...(hostname ? { hostname } : {}),
      ...(node ? { nodeName: node } : {}),
      ...(zone ? { zone } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const ports = (service.spec?.ports ?? []).length === 0 ? [] : resolvePorts(service, pod);
    if ((service.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(endpoint);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Labels of a managed slice: the Service's labels (minus reserved ones), service-name and managed-by. */
export function sliceLabels(service: Service): Record<string, string> {
  const labels = derivedLabels(service);
  delete labels[MANAGED_BY_LABEL];
  return { ...labels, [SERVICE_NAME_LABEL]: String(service.metadata.name), [MANAGED_BY_LABEL]: CONTROLLER_NAME };
}
