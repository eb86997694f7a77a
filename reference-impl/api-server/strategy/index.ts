/**
 * Per-resource defaulting and validation, as kube-apiserver's registry strategies do it.
 * The API server core calls strategyFor() for every create, update and patch result.
 * Owned by the api-semantics work; the core only depends on this file's exports.
 */
import {
  configMapStrategy,
  controllerRevisionStrategy,
  eventStrategy,
  horizontalPodAutoscalerStrategy,
  leaseStrategy,
  limitRangeStrategy,
  metadataOnlyStrategy,
  nodeStrategy,
  resourceQuotaStrategy,
  secretStrategy,
} from './other-kinds.js';
import { endpointSliceStrategy, endpointsStrategy } from './endpoint-kinds.js';
import { serviceStrategy } from './service.js';
import { deploymentStrategy, podStrategy, podTemplateStrategy, replicaSetStrategy, replicationControllerStrategy } from './workloads.js';

export interface FieldCause {
  /** Upstream cause type, e.g. FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueForbidden, FieldValueDuplicate. */
  reason: string;
  /** JSON path as upstream prints it, e.g. spec.template.spec.containers[0].image */
  field: string;
  /** The error body as upstream prints it after the field, e.g. "Required value". */
  message: string;
}

export interface ResourceStrategy {
  /** Fill upstream defaults in place (called on create, update and patch results). */
  applyDefaults(object: Record<string, unknown>): void;
  validateCreate(object: Record<string, unknown>): FieldCause[];
  /**
   * Validates an update. May first carry server-allocated values the client left out over from
   * `old` (Service clusterIP/nodePorts, as upstream does before validating).
   */
  validateUpdate(object: Record<string, unknown>, old: Record<string, unknown>): FieldCause[];
}

/** Keyed by group/resource of the stored form (events.k8s.io events are stored as core events). */
const STRATEGIES: Record<string, ResourceStrategy> = {
  '/pods': podStrategy,
  '/podtemplates': podTemplateStrategy,
  '/replicationcontrollers': replicationControllerStrategy,
  '/services': serviceStrategy,
  '/endpoints': endpointsStrategy,
  '/configmaps': configMapStrategy,
  '/secrets': secretStrategy,
  '/events': eventStrategy,
  '/nodes': nodeStrategy,
  '/resourcequotas': resourceQuotaStrategy,
  '/limitranges': limitRangeStrategy,
  '/namespaces': metadataOnlyStrategy,
  '/serviceaccounts': metadataOnlyStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/controllerrevisions': controllerRevisionStrategy,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'events.k8s.io/events': eventStrategy,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
};

/** group is '' for the core group; resource is the plural name, e.g. 'deployments'. */
export function strategyFor(group: string, resource: string): ResourceStrategy {
  return STRATEGIES[`${group}/${resource}`] ?? metadataOnlyStrategy;
}
