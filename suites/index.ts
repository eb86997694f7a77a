import type { ConformanceTest } from '../src/catalog/types.js';
import deploymentLifecycle from './deployment/deployment-lifecycle.js';
import deploymentProportionalScaling from './deployment/deployment-proportional-scaling.js';
import deploymentRecreate from './deployment/deployment-recreate.js';
import deploymentRevisionHistoryCleanup from './deployment/deployment-revision-history-cleanup.js';
import deploymentRollingUpdate from './deployment/deployment-rolling-update.js';
import deploymentRollover from './deployment/deployment-rollover.js';
import deploymentScaleSubresource from './deployment/deployment-scale-subresource.js';
import deploymentStatusSubresource from './deployment/deployment-status-subresource.js';
import replicasetAdoptRelease from './replicas/replicaset-adopt-release.js';
import replicasetListDeleteCollection from './replicas/replicaset-list-delete-collection.js';
import replicasetReplaceAndPatch from './replicas/replicaset-replace-and-patch.js';
import replicasetScaleSubresource from './replicas/replicaset-scale-subresource.js';
import replicasetServeImage from './replicas/replicaset-serve-image.js';
import replicasetStatusSubresource from './replicas/replicaset-status-subresource.js';
import replicationcontrollerAdoptMatchingPods from './replicas/replicationcontroller-adopt-matching-pods.js';
import replicationcontrollerLifecycle from './replicas/replicationcontroller-lifecycle.js';
import replicationcontrollerQuotaFailureCondition from './replicas/replicationcontroller-quota-failure-condition.js';
import replicationcontrollerReleasePods from './replicas/replicationcontroller-release-pods.js';
import replicationcontrollerScaleSubresource from './replicas/replicationcontroller-scale-subresource.js';
import replicationcontrollerServeImage from './replicas/replicationcontroller-serve-image.js';

/**
 * Every kcert conformance test, listed explicitly (no registration by side effect).
 * One file per test: suites/<area>/<id>.ts, default-exporting defineConformanceTest({...}).
 */
export const ALL_TESTS: ConformanceTest[] = [
  deploymentLifecycle,
  deploymentProportionalScaling,
  deploymentRecreate,
  deploymentRevisionHistoryCleanup,
  deploymentRollingUpdate,
  deploymentRollover,
  deploymentScaleSubresource,
  deploymentStatusSubresource,
  replicasetAdoptRelease,
  replicasetListDeleteCollection,
  replicasetReplaceAndPatch,
  replicasetScaleSubresource,
  replicasetServeImage,
  replicasetStatusSubresource,
  replicationcontrollerAdoptMatchingPods,
  replicationcontrollerLifecycle,
  replicationcontrollerQuotaFailureCondition,
  replicationcontrollerReleasePods,
  replicationcontrollerScaleSubresource,
  replicationcontrollerServeImage,
];
