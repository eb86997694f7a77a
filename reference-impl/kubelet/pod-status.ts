import type { ContainerStatus, Pod, PodCondition, PodSpec, PodStatus } from './pod-types.ts';

/**
 * Pure computation of a pod's status from what the runtime knows, following the kubelet's
 * rules (getPhase, generateAPIPodStatus): phases, the four standard conditions with stable
 * lastTransitionTime, and QoS class.
 */
export interface RuntimeView {
  podIP?: string;
  hostIP: string;
  startTime?: string;
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
  /** The pod sandbox exists (PodReadyToStartContainers). */
  sandboxReady: boolean;
  /** A phase the kubelet decided itself, with its reason (activeDeadlineSeconds: Failed, DeadlineExceeded). */
  phaseOverride?: PodStatus['phase'];
  reason?: string;
  message?: string;
}

type Phase = NonNullable<PodStatus['phase']>;

function isSidecar(spec: PodSpec, name: string): boolean {
  return spec.initContainers?.find((c) => c.name === name)?.restartPolicy === 'Always';
}

/** All (non-sidecar) init containers completed successfully, sidecars started. */
export function initialized(spec: PodSpec, init: ContainerStatus[]): boolean {
  return (spec.initContainers ?? []).every((container) => {
    const status = init.find((s) => s.name === container.name);
    if (!status) return false;
    if (container.restartPolicy === 'Always') return status.started === true;
    return status.state.terminated?.exitCode === 0;
  });
}

export function podPhase(spec: PodSpec, init: ContainerStatus[], containers: ContainerStatus[]): Phase {
  const policy = spec.restartPolicy ?? 'Always';
  const initFailed = init.some((s) => !isSidecar(spec, s.name) && (s.state.terminated?.exitCode ?? 0) !== 0 && s.state.terminated !== undefined);
  if (initFailed && policy === 'Never') return 'Failed';
  if (!initialized(spec, init)) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of spec.containers) {
    const status = containers.find((s) => s.name === container.name);
    if (!status) {
      waiting++;
      continue;
    }
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'OnFailure' ? 'Running' : 'Failed';
}

function condition(previous: PodCondition[] | undefined, type: string, value: boolean, now: string, reason?: string, message?: string): PodCondition {
  const status = value ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : now;
  const result: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime };
  if (!value && reason) result.reason = reason;
  if (!value && message) result.message = message;
  return result;
}

export function qosClass(spec: PodSpec): string {
  const all = [...(spec.initContainers ?? []), ...spec.containers] as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  const anySet = all.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!anySet) return 'BestEffort';
  const guaranteed = all.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && requests[r] === limits[r]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function buildPodStatus(pod: Pod, view: RuntimeView, now: string): PodStatus {
  const spec = pod.spec;
  const previous = pod.status?.conditions;
  const init = view.initContainerStatuses;
  const containers = view.containerStatuses;
  const isInitialized = initialized(spec, init);
  const unready = spec.containers.filter((c) => !containers.find((s) => s.name === c.name)?.ready).map((c) => c.name);
  const containersReady = unready.length === 0;
  const gates = spec.readinessGates ?? [];
  const gatesOk = gates.every((gate) => previous?.find((c) => c.type === gate.conditionType)?.status === 'True');
  const unreadyMessage = `containers with unready status: [${unready.join(' ')}]`;
  const uninitialized = (spec.initContainers ?? []).filter((c) => init.find((s) => s.name === c.name)?.state.terminated?.exitCode !== 0).map((c) => c.name);
  const standard = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const phase = view.phaseOverride ?? podPhase(spec, init, containers);
  // A finished pod is not ready because it completed, not because a container is unhealthy.
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = finished ? '' : unreadyMessage;
  const conditions: PodCondition[] = [
    condition(previous, 'PodReadyToStartContainers', view.sandboxReady, now),
    condition(previous, 'Initialized', isInitialized, now, 'ContainersNotInitialized', `containers with incomplete status: [${uninitialized.join(' ')}]`),
    condition(
      previous,
      'Ready',
      containersReady && gatesOk,
      now,
      containersReady ? 'ReadinessGatesNotReady' : notReadyReason,
      containersReady ? 'the status of pod readiness gate is not "True"' : notReadyMessage,
    ),
    condition(previous, 'ContainersReady', containersReady, now, notReadyReason, notReadyMessage),
    previous?.find((c) => c.type === 'PodScheduled') ?? condition(undefined, 'PodScheduled', true, now),
    // Conditions owned by others (readiness gates, DisruptionTarget) are carried over as they are.
    ...(previous ?? []).filter((c) => !standard.has(c.type)),
  ];
  const status: PodStatus = {
    ...(pod.status ?? {}),
    phase,
    conditions,
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    qosClass: qosClass(spec),
    containerStatuses: containers,
  };
  if (spec.initContainers?.length) status.initContainerStatuses = init;
  if (view.podIP) {
    status.podIP = view.podIP;
    status.podIPs = [{ ip: view.podIP }];
  }
  if (view.startTime) status.startTime = view.startTime;
  if (view.reason) {
    status.reason = view.reason;
    status.message = view.message;
  }
  return status;
}
