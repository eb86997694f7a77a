import type { ConformanceTest } from '../src/catalog/types.js';
import deploymentLifecycle from './deployment/deployment-lifecycle.js';
import deploymentMinReadySeconds from './deployment/deployment-min-ready-seconds.js';
import deploymentPauseResume from './deployment/deployment-pause-resume.js';
import deploymentProgressDeadline from './deployment/deployment-progress-deadline.js';
import deploymentProportionalScaling from './deployment/deployment-proportional-scaling.js';
import deploymentRecreate from './deployment/deployment-recreate.js';
import deploymentRestartsExitedContainers from './deployment/deployment-restarts-exited-containers.js';
import deploymentRevisionHistoryCleanup from './deployment/deployment-revision-history-cleanup.js';
import deploymentRollbackToRevision from './deployment/deployment-rollback-to-revision.js';
import deploymentRollingUpdateBounds from './deployment/deployment-rolling-update-bounds.js';
import deploymentRollingUpdate from './deployment/deployment-rolling-update.js';
import deploymentRollover from './deployment/deployment-rollover.js';
import deploymentScaleSubresource from './deployment/deployment-scale-subresource.js';
import deploymentServerSideApply from './deployment/deployment-server-side-apply.js';
import deploymentStatusSubresource from './deployment/deployment-status-subresource.js';
import hpaScalesDeploymentOnCpu from './replicas/hpa-scales-deployment-on-cpu.js';
import replicasetAdoptRelease from './replicas/replicaset-adopt-release.js';
import replicasetListDeleteCollection from './replicas/replicaset-list-delete-collection.js';
import replicasetReplaceAndPatch from './replicas/replicaset-replace-and-patch.js';
import replicasetReplacesDeletedPods from './replicas/replicaset-replaces-deleted-pods.js';
import replicasetScaleSubresource from './replicas/replicaset-scale-subresource.js';
import replicasetServeImage from './replicas/replicaset-serve-image.js';
import replicasetStatusSubresource from './replicas/replicaset-status-subresource.js';
import replicationcontrollerAdoptMatchingPods from './replicas/replicationcontroller-adopt-matching-pods.js';
import replicationcontrollerLifecycle from './replicas/replicationcontroller-lifecycle.js';
import replicationcontrollerQuotaFailureCondition from './replicas/replicationcontroller-quota-failure-condition.js';
import replicationcontrollerReleasePods from './replicas/replicationcontroller-release-pods.js';
import replicationcontrollerScaleSubresource from './replicas/replicationcontroller-scale-subresource.js';
import replicationcontrollerServeImage from './replicas/replicationcontroller-serve-image.js';
import scaleSubresourceForAutoscalers from './replicas/scale-subresource-for-autoscalers.js';

/**
 * Every kcert conformance test, listed explicitly (no registration by side effect).
 * One file per test: suites/<area>/<id>.ts, default-exporting defineConformanceTest({...}).
 */
export const ALL_TESTS: ConformanceTest[] = [
  deploymentLifecycle,
  deploymentMinReadySeconds,
  deploymentPauseResume,
  deploymentProgressDeadline,
  deploymentProportionalScaling,
  deploymentRecreate,
  deploymentRestartsExitedContainers,
  deploymentRevisionHistoryCleanup,
  deploymentRollbackToRevision,
  deploymentRollingUpdateBounds,
  deploymentRollingUpdate,
  deploymentRollover,
  deploymentScaleSubresource,
  deploymentServerSideApply,
  deploymentStatusSubresource,
  hpaScalesDeploymentOnCpu,
  replicasetAdoptRelease,
  replicasetListDeleteCollection,
  replicasetReplaceAndPatch,
  replicasetReplacesDeletedPods,
  replicasetScaleSubresource,
  replicasetServeImage,
  replicasetStatusSubresource,
  replicationcontrollerAdoptMatchingPods,
  replicationcontrollerLifecycle,
  replicationcontrollerQuotaFailureCondition,
  replicationcontrollerReleasePods,
  replicationcontrollerScaleSubresource,
  replicationcontrollerServeImage,
  scaleSubresourceForAutoscalers,
];
