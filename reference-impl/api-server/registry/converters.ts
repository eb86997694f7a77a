import type { KubeObject, VersionConverter } from './types.ts';

/**
 * Served versions that share storage with another version. Events are stored as core/v1 and
 * served as events.k8s.io/v1 too; HorizontalPodAutoscalers are stored as autoscaling/v2 and
 * served as autoscaling/v1 too. Field names follow the upstream conversion functions.
 */

/** events.k8s.io/v1 field ↔ core/v1 field. */
const EVENT_FIELDS: Array<[string, string]> = [
  ['regarding', 'involvedObject'],
  ['related', 'related'],
  ['note', 'message'],
  ['reason', 'reason'],
  ['type', 'type'],
  ['reportingController', 'reportingComponent'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

function renameFields(object: KubeObject, pairs: Array<[string, string]>, apiVersion: string, kind: string): KubeObject {
  const out: KubeObject = { apiVersion, kind, metadata: object.metadata };
  for (const [from, to] of pairs) {
    if (object[from] !== undefined) out[to] = object[from];
  }
  return out;
}

export const eventsV1Converter: VersionConverter = {
  toStorage: (object) => renameFields(object, EVENT_FIELDS, 'v1', 'Event'),
  fromStorage: (object) =>
    renameFields(
      object,
      EVENT_FIELDS.map(([served, stored]) => [stored, served]),
      'events.k8s.io/v1',
      'Event',
    ),
};

type Json = Record<string, any>;

export const autoscalingV1Converter: VersionConverter = {
  toStorage(object) {
    const spec = (object.spec ?? {}) as Json;
    const status = object.status as Json | undefined;
    const metrics =
      spec.targetCPUUtilizationPercentage !== undefined
        ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }]
        : undefined;
    const out: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: object.metadata,
      spec: { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, metrics },
    };
    if (status) {
      const currentMetrics =
        status.currentCPUUtilizationPercentage !== undefined
          ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
          : undefined;
      out.status = {
        observedGeneration: status.observedGeneration,
        lastScaleTime: status.lastScaleTime,
        currentReplicas: status.currentReplicas ?? 0,
        desiredReplicas: status.desiredReplicas ?? 0,
        currentMetrics,
      };
    }
    return out;
  },
  fromStorage(object) {
    const spec = (object.spec ?? {}) as Json;
    const status = object.status as Json | undefined;
    const cpu = (spec.metrics as Json[] | undefined)?.find((metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu');
    const out: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: object.metadata,
      spec: {
        scaleTargetRef: spec.scaleTargetRef,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
      },
    };
    if (status) {
      const current = (status.currentMetrics as Json[] | undefined)?.find((metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu');
      out.status = {
        observedGeneration: status.observedGeneration,
        lastScaleTime: status.lastScaleTime,
        currentReplicas: status.currentReplicas ?? 0,
        desiredReplicas: status.desiredReplicas ?? 0,
        currentCPUUtilizationPercentage: current?.resource?.current?.averageUtilization,
      };
    }
    return JSON.parse(JSON.stringify(out)) as KubeObject;
  },
};
