/**
 * Field numbers of the Kubernetes protobuf messages that kubectl's typed clients send
 * (`kubectl create deployment|configmap|secret|namespace|service|serviceaccount|quota`,
 * `kubectl auth can-i`, `kubectl autoscale`, `kubectl drain`'s evictions, DeleteOptions). Kinds whose
 * message differs between versions are keyed `apiVersion/Kind`., as in the upstream generated.proto files. `pointer` marks Go pointer fields,
 * whose zero values are meaningful; other zero values are what Go's omitempty would drop.
 */
export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  | 'time'
  | 'intOrString'
  | 'quantity'
  | { message: string }
  | { map: 'string' | 'bytes' | 'quantity' };

export interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
  pointer?: boolean;
}

const s = (name: string): FieldSpec => ({ name, type: 'string' });
const ps = (name: string): FieldSpec => ({ name, type: 'string', pointer: true });
const i = (name: string): FieldSpec => ({ name, type: 'int' });
const pi = (name: string): FieldSpec => ({ name, type: 'int', pointer: true });
const b = (name: string): FieldSpec => ({ name, type: 'bool' });
const pb = (name: string): FieldSpec => ({ name, type: 'bool', pointer: true });
const m = (name: string, message: string): FieldSpec => ({ name, type: { message } });
const rm = (name: string, message: string): FieldSpec => ({ name, type: { message }, repeated: true });
const rs = (name: string): FieldSpec => ({ name, type: 'string', repeated: true });
const map = (name: string, values: 'string' | 'bytes' | 'quantity' = 'string'): FieldSpec => ({ name, type: { map: values } });

export const SCHEMAS: Record<string, Record<number, FieldSpec>> = {
  ObjectMeta: {
    1: s('name'), 2: s('generateName'), 3: s('namespace'), 4: s('selfLink'), 5: s('uid'), 6: s('resourceVersion'), 7: i('generation'),
    8: { name: 'creationTimestamp', type: 'time' }, 9: { name: 'deletionTimestamp', type: 'time' }, 10: pi('deletionGracePeriodSeconds'),
    11: map('labels'), 12: map('annotations'), 13: rm('ownerReferences', 'OwnerReference'), 14: rs('finalizers'),
  },
  OwnerReference: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: pb('controller'), 7: pb('blockOwnerDeletion') },
  LabelSelector: { 1: map('matchLabels'), 2: rm('matchExpressions', 'LabelSelectorRequirement') },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: rs('values') },
  ConfigMap: { 1: m('metadata', 'ObjectMeta'), 2: map('data'), 3: map('binaryData', 'bytes'), 4: pb('immutable') },
  Secret: { 1: m('metadata', 'ObjectMeta'), 2: map('data', 'bytes'), 3: s('type'), 4: map('stringData'), 5: pb('immutable') },
  Namespace: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'NamespaceSpec'), 3: m('status', 'NamespaceStatus') },
  NamespaceSpec: { 1: rs('finalizers') },
  NamespaceStatus: { 1: s('phase') },
  ServiceAccount: { 1: m('metadata', 'ObjectMeta'), 2: rm('secrets', 'ObjectReference'), 3: rm('imagePullSecrets', 'LocalObjectReference'), 4: pb('automountServiceAccountToken') },
  ObjectReference: { 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: s('resourceVersion'), 7: s('fieldPath') },
  LocalObjectReference: { 1: s('name') },
  ResourceQuota: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ResourceQuotaSpec') },
  ResourceQuotaSpec: { 1: map('hard', 'quantity'), 2: rs('scopes') },
  Service: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ServiceSpec') },
  ServiceSpec: {
    1: rm('ports', 'ServicePort'), 2: map('selector'), 3: s('clusterIP'), 4: s('type'), 5: rs('externalIPs'), 7: s('sessionAffinity'),
    8: s('loadBalancerIP'), 9: rs('loadBalancerSourceRanges'), 10: s('externalName'), 11: s('externalTrafficPolicy'), 12: i('healthCheckNodePort'),
    13: b('publishNotReadyAddresses'), 17: ps('ipFamilyPolicy'), 18: rs('clusterIPs'), 19: rs('ipFamilies'), 20: pb('allocateLoadBalancerNodePorts'),
    21: ps('loadBalancerClass'), 22: ps('internalTrafficPolicy'),
  },
  ServicePort: { 1: s('name'), 2: s('protocol'), 3: i('port'), 4: { name: 'targetPort', type: 'intOrString' }, 5: i('nodePort'), 6: ps('appProtocol') },
  Deployment: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'DeploymentSpec') },
  DeploymentSpec: {
    1: pi('replicas'), 2: m('selector', 'LabelSelector'), 3: m('template', 'PodTemplateSpec'), 4: m('strategy', 'DeploymentStrategy'),
    5: i('minReadySeconds'), 6: pi('revisionHistoryLimit'), 7: b('paused'), 9: pi('progressDeadlineSeconds'),
  },
  DeploymentStrategy: { 1: s('type'), 2: m('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: { name: 'maxUnavailable', type: 'intOrString' }, 2: { name: 'maxSurge', type: 'intOrString' } },
  Pod: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodSpec: {
    2: rm('containers', 'Container'), 3: s('restartPolicy'), 4: pi('terminationGracePeriodSeconds'), 5: pi('activeDeadlineSeconds'), 6: s('dnsPolicy'),
    7: map('nodeSelector'), 8: s('serviceAccountName'), 9: s('serviceAccount'), 10: s('nodeName'), 11: b('hostNetwork'), 12: b('hostPID'), 13: b('hostIPC'),
    15: rm('imagePullSecrets', 'LocalObjectReference'), 16: s('hostname'), 17: s('subdomain'), 19: s('schedulerName'), 20: rm('initContainers', 'Container'),
    21: pb('automountServiceAccountToken'), 24: s('priorityClassName'), 30: pb('enableServiceLinks'),
  },
  Container: {
    1: s('name'), 2: s('image'), 3: rs('command'), 4: rs('args'), 5: s('workingDir'), 6: rm('ports', 'ContainerPort'), 7: rm('env', 'EnvVar'),
    8: m('resources', 'ResourceRequirements'), 13: s('terminationMessagePath'), 14: s('imagePullPolicy'), 16: b('stdin'), 17: b('stdinOnce'), 18: b('tty'),
    20: s('terminationMessagePolicy'),
  },
  ContainerPort: { 1: s('name'), 2: i('hostPort'), 3: { name: 'containerPort', type: 'int', pointer: true }, 4: s('protocol'), 5: s('hostIP') },
  EnvVar: { 1: s('name'), 2: s('value') },
  ResourceRequirements: { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') },
  SelfSubjectAccessReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectAccessReviewSpec') },
  SelfSubjectAccessReviewSpec: { 1: m('resourceAttributes', 'ResourceAttributes'), 2: m('nonResourceAttributes', 'NonResourceAttributes') },
  ResourceAttributes: { 1: s('namespace'), 2: s('verb'), 3: s('group'), 4: s('version'), 5: s('resource'), 6: s('subresource'), 7: s('name') },
  NonResourceAttributes: { 1: s('path'), 2: s('verb') },
  'policy/v1/Eviction': { 1: m('metadata', 'ObjectMeta'), 2: m('deleteOptions', 'DeleteOptions') },
  'autoscaling/v1/HorizontalPodAutoscaler': { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'HorizontalPodAutoscalerSpecV1') },
  HorizontalPodAutoscalerSpecV1: { 1: m('scaleTargetRef', 'CrossVersionObjectReference'), 2: pi('minReplicas'), 3: i('maxReplicas'), 4: pi('targetCPUUtilizationPercentage') },
  'autoscaling/v2/HorizontalPodAutoscaler': { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'HorizontalPodAutoscalerSpecV2') },
  HorizontalPodAutoscalerSpecV2: { 1: m('scaleTargetRef', 'CrossVersionObjectReference'), 2: pi('minReplicas'), 3: i('maxReplicas'), 4: rm('metrics', 'MetricSpec') },
  CrossVersionObjectReference: { 1: s('kind'), 2: s('name'), 3: s('apiVersion') },
  MetricSpec: { 1: s('type'), 4: m('resource', 'ResourceMetricSource') },
  ResourceMetricSource: { 1: s('name'), 2: m('target', 'MetricTarget') },
  MetricTarget: { 1: s('type'), 2: { name: 'value', type: 'quantity' }, 3: { name: 'averageValue', type: 'quantity' }, 4: pi('averageUtilization') },
  DeleteOptions: { 1: pi('gracePeriodSeconds'), 2: m('preconditions', 'Preconditions'), 3: pb('orphanDependents'), 4: ps('propagationPolicy'), 5: rs('dryRun') },
  Preconditions: { 1: ps('uid'), 2: ps('resourceVersion') },
};
