import type { KubeObject } from '../../client/index.ts';
import { mapSelectorMatches } from '../shared/label-selector.ts';
import { isPodReady, type Pod } from '../shared/pods.ts';

/** The Service fields the endpoint controllers read. */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface Service extends KubeObject {
  spec?: {
    selector?: Record<string, string>;
    clusterIP?: string;
    type?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
  };
}

export interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Pods a Service with a selector selects (services without one get no managed endpoints). */
export function selectedPods(service: Service, pods: Pod[]): Pod[] {
  return pods.filter((pod) => pod.metadata.namespace === service.metadata.namespace && mapSelectorMatches(service.spec?.selector, pod.metadata.labels));
}

/** The container port a service port reaches on this pod: a number, or a named container port (upstream FindPort). */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    for (const containerPort of container.ports ?? []) {
      if (containerPort.name === target && (containerPort.protocol ?? 'TCP') === protocol) return containerPort.containerPort;
    }
  }
  return undefined;
}

export function resolvePorts(service: Service, pod: Pod): ResolvedPort[] {
  const resolved: ResolvedPort[] = [];
  for (const port of service.spec?.ports ?? []) {
    const number = findPort(pod, port);
    if (number === undefined) continue;
    resolved.push({ ...(port.name !== undefined ? { name: port.name } : {}), port: number, protocol: port.protocol ?? 'TCP', ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}) });
  }
  return resolved;
}

/** Finished pods never serve (upstream ShouldPodBeInEndpoints, for RestartPolicy Never/OnFailure semantics). */
export function podCanServe(pod: Pod): boolean {
  const phase = pod.status?.phase;
  const restart = (pod.spec as { restartPolicy?: string } | undefined)?.restartPolicy ?? 'Always';
  if (phase === 'Failed' && restart !== 'Always') return false;
  if (phase === 'Succeeded') return false;
  return true;
}

export function hostnameFor(service: Service, pod: Pod): string | undefined {
  const spec = pod.spec;
  return spec?.hostname && spec.subdomain === service.metadata.name ? spec.hostname : undefined;
}

export const podIsReady = isPodReady;

/** Labels derived objects carry: the Service's own, plus the headless marker. */
export function derivedLabels(service: Service): Record<string, string> {
  const labels = { ...(service.metadata.labels ?? {}) };
  if (service.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  else delete labels['service.kubernetes.io/headless'];
  return labels;
}
