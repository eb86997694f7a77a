/**
 * core/v1 defaults for pod specs (SetDefaults_PodSpec, _Container, _Probe, _Volume …). They apply to
 * Pods and to every pod template (PodTemplate, ReplicaSet, ReplicationController, Deployment),
 * so a stored template equals the spec of the pods made from it.
 */
import { asList, asObject, type Json } from './field-errors.js';

export function defaultPodSpec(spec: Json): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  if (spec.hostNetwork === true) {
    // Host-network pods expose their container ports on the node.
    for (const container of [...asList(spec.containers), ...asList(spec.initContainers)]) {
      for (const port of asList(container.ports)) port.hostPort ??= port.containerPort;
    }
  }
  for (const container of asList(spec.initContainers)) defaultContainer(container);
  for (const container of asList(spec.containers)) defaultContainer(container);
  for (const container of asList(spec.ephemeralContainers)) defaultContainer(container);
  for (const volume of asList(spec.volumes)) defaultVolume(volume);
}

function defaultContainer(container: Json): void {
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  if (container.imagePullPolicy === undefined && typeof container.image === 'string') {
    container.imagePullPolicy = pullPolicyFor(container.image);
  }
  container.resources ??= {};
  defaultRequestsFromLimits(asObject(container.resources));
  for (const port of asList(container.ports)) port.protocol ??= 'TCP';
  for (const env of asList(container.env)) {
    const fieldRef = asObject(env.valueFrom).fieldRef;
    if (fieldRef && typeof fieldRef === 'object') (fieldRef as Json).apiVersion ??= 'v1';
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (container[probe] && typeof container[probe] === 'object') defaultProbe(container[probe] as Json);
  }
  const lifecycle = asObject(container.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    if (lifecycle[hook]) defaultHandler(asObject(lifecycle[hook]));
  }
}

/** Upstream: Always for ":latest" or an untagged image, IfNotPresent otherwise (also for digests). */
export function pullPolicyFor(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** A limit without a request makes the request equal to the limit (SetDefaults_Pod). */
function defaultRequestsFromLimits(resources: Json): void {
  const limits = asObject(resources.limits);
  if (Object.keys(limits).length === 0) return;
  const requests = asObject(resources.requests);
  for (const [name, value] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = value;
  resources.requests = requests;
}

function defaultProbe(probe: Json): void {
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  defaultHandler(probe);
}

function defaultHandler(handler: Json): void {
  if (handler.httpGet && typeof handler.httpGet === 'object') {
    const httpGet = handler.httpGet as Json;
    httpGet.path ??= '/';
    httpGet.scheme ??= 'HTTP';
  }
  if (handler.grpc && typeof handler.grpc === 'object') (handler.grpc as Json).service ??= '';
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

export function volumeSourcesOf(volume: Json): string[] {
  return VOLUME_SOURCES.filter((source) => volume[source] !== undefined && volume[source] !== null);
}

function defaultVolume(volume: Json): void {
  if (volumeSourcesOf(volume).length === 0) volume.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (volume[source] && typeof volume[source] === 'object') (volume[source] as Json).defaultMode ??= 420;
  }
  if (volume.hostPath && typeof volume.hostPath === 'object') (volume.hostPath as Json).type ??= '';
}

/** Defaults of a PodTemplateSpec (metadata untouched, spec as a pod's). */
export function defaultPodTemplate(template: unknown): void {
  if (!template || typeof template !== 'object') return;
  const spec = (template as Json).spec;
  if (spec && typeof spec === 'object') defaultPodSpec(spec as Json);
}
