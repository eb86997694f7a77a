import { apiTime } from './api-time.ts';
import { RESOURCES, isNotFound, isConflict, type ApiClient } from '../client/index.ts';
import type { FaultSet } from '../faults.ts';
import { ContainerSupervisor, type ContainerRole } from './container-supervisor.ts';
import type { EventRecorder } from './event-recorder.ts';
import { containerEnv, fieldValue, podHostname, resolverFor, type PodNetworkView } from './pod-environment.ts';
import { emptyVolumes, populateVolumes } from './pod-volumes.ts';
import type { ServiceForEnv } from './service-env.ts';
import { buildPodStatus } from './pod-status.ts';
import type { ContainerSpec, Pod, PodStatus } from './pod-types.ts';
import type { PodSandbox } from './runtime/container-run.ts';
import { isOlderVersion } from './resource-version.ts';

/**
 * The kubelet's per-pod worker: creates the sandbox (IP, volumes, resolver), runs init
 * containers in order and then the app containers, writes the pod status whenever something
 * changes (coalesced, one write in flight), and on deletion stops containers within the grace
 * period, then confirms the deletion with grace 0.
 */
export interface WorkerHost {
  client: ApiClient;
  nodeName: string;
  nodeIP: string;
  faults: FaultSet;
  recorder: EventRecorder;
  kubeletVersion: string;
  /** Cluster DNS and `kubernetes` Service addresses of this cluster's network plan. */
  podNetwork: PodNetworkView;
  allocateIP(): string;
  /** Services known right now (for the service environment variables). */
  services(): ServiceForEnv[];
  releaseIP(ip: string): void;
  log(line: string): void;
}

const MOUNT_RETRY_MS = 2_000;
const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';
const STATUS_COALESCE_MS = 10;

export class PodWorker {
  private pod: Pod;
  readonly sandbox: PodSandbox;
  readonly init: ContainerSupervisor[] = [];
  readonly containers: ContainerSupervisor[] = [];
  private readonly startTime = apiTime();
  private readonly startedAtMs = Date.now();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineExceeded = false;
  private writing = false;
  private dirty = false;
  private terminating = false;
  private destroyed = false;
  private appStarted = false;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: WorkerHost,
    pod: Pod,
  ) {
    this.pod = pod;
    const ip = pod.spec.hostNetwork ? host.nodeIP : host.allocateIP();
    const volumes = emptyVolumes(pod);
    this.sandbox = {
      podName: String(pod.metadata.name),
      namespace: String(pod.metadata.namespace),
      hostname: podHostname(pod),
      ip,
      resolver: resolverFor(pod, ip, host.podNetwork),
      volumes,
    };
  }

  get current(): Pod {
    return this.pod;
  }

  /** Starts the pod; returns at once (containers run in the background). */
  start(): void {
    const supervisorHost = {
      pod: () => this.pod,
      sandbox: this.sandbox,
      recorder: this.host.recorder,
      faults: this.host.faults,
      kubeletVersion: this.host.kubeletVersion,
      changed: () => this.markDirty(),
      env: (container: ContainerSpec) => containerEnv(this.host.client, this.pod, container, this.sandbox.ip, this.host.nodeIP, this.host.podNetwork.kubernetesServiceIP, this.host.services()),
    };
    for (const spec of this.pod.spec.initContainers ?? []) {
      const role: ContainerRole = spec.restartPolicy === 'Always' ? 'sidecar' : 'init';
      this.init.push(new ContainerSupervisor(supervisorHost, spec, role));
    }
    for (const spec of this.pod.spec.containers) this.containers.push(new ContainerSupervisor(supervisorHost, spec, 'regular'));
    this.markDirty();
    this.armDeadline();
    void this.runContainers().catch((error: Error) => this.host.log(`pod ${this.sandbox.namespace}/${this.sandbox.podName}: ${error.message}`));
  }

  private async runContainers(): Promise<void> {
    if (!(await this.mountVolumes())) return;
    for (const supervisor of this.init) {
      void supervisor.run();
      if (supervisor.role === 'sidecar') {
        await this.until(() => supervisor.status.started === true || this.terminating);
      } else {
        await supervisor.finished;
        if (supervisor.status.state.terminated?.exitCode !== 0) return;
      }
      if (this.terminating) return;
    }
    this.appStarted = true;
    for (const supervisor of this.containers) void supervisor.run();
    this.markDirty();
  }

  /** Fills configMap/secret/downwardAPI volumes, retrying (FailedMount events) until it works. */
  private async mountVolumes(): Promise<boolean> {
    for (;;) {
      try {
        await populateVolumes(this.host.client, this.pod, this.sandbox.volumes, (path) => fieldValue(this.pod, this.sandbox.ip, this.host.nodeIP, path));
        return true;
      } catch (error) {
        this.host.recorder.podEvent(this.pod, 'Warning', 'FailedMount', (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, MOUNT_RETRY_MS));
        if (this.terminating || this.destroyed) return false;
      }
    }
  }

  private until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (condition() || this.destroyed) resolve();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  /** A newer version of the pod arrived from the API. */
  update(pod: Pod): void {
    // The informer can deliver a version older than our own last status write; taking it would
    // recompute condition transition times (Ready's lastTransitionTime) against a stale status.
    // The watch event of our write follows and carries any spec change made in between.
    if (isOlderVersion(pod.metadata.resourceVersion, this.pod.metadata.resourceVersion)) return;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) {
      void this.terminate();
      return;
    }
    this.armDeadline();
    for (const spec of pod.spec.containers) this.containers.find((c) => c.name === spec.name)?.updateSpec(spec);
  }

  /** activeDeadlineSeconds (mutable: it may be shortened on a running pod) counts from the pod's start here. */
  private armDeadline(): void {
    clearTimeout(this.deadlineTimer);
    const seconds = (this.pod.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds;
    if (seconds === undefined || this.deadlineExceeded || this.terminating) return;
    const remaining = this.startedAtMs + seconds * 1000 - Date.now();
    this.deadlineTimer = setTimeout(() => void this.exceedDeadline(), Math.max(0, remaining));
  }

  private async exceedDeadline(): Promise<void> {
    if (this.terminating || this.destroyed) return;
    this.deadlineExceeded = true;
    this.host.recorder.podEvent(this.pod, 'Normal', 'DeadlineExceeded', DEADLINE_MESSAGE);
    const graceMs = (this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    await Promise.all([...this.containers, ...this.init].map((c) => (c.current?.running ? c.stop(graceMs) : (c.kill(), Promise.resolve()))));
    this.markDirty();
  }

  /** Graceful termination requested through the API (deletionTimestamp set). */
  private async terminate(): Promise<void> {
    this.terminating = true;
    const graceSeconds = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    const graceMs = Math.max(graceSeconds, 0) * 1000;
    await Promise.all([...this.containers, ...this.init].map((c) => (c.current?.running ? c.stop(graceMs) : (c.kill(), Promise.resolve()))));
    await this.flushStatus();
    const { namespace, name, uid } = this.pod.metadata;
    try {
      await this.host.client.delete(RESOURCES.pods, namespace, String(name), { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (error) {
      if (!isNotFound(error) && !isConflict(error)) this.host.log(`confirming deletion of ${namespace}/${name}: ${(error as Error).message}`);
    }
  }

  /** The pod is gone from the API: kill everything now and release the IP. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.terminating = true;
    clearTimeout(this.deadlineTimer);
    for (const supervisor of [...this.containers, ...this.init]) supervisor.kill();
    if (!this.pod.spec.hostNetwork) this.host.releaseIP(this.sandbox.ip);
    this.host.recorder.forget(this.pod.metadata.uid);
  }

  status(): PodStatus {
    return buildPodStatus(
      this.pod,
      {
        podIP: this.sandbox.ip,
        hostIP: this.host.nodeIP,
        startTime: this.startTime,
        initContainerStatuses: this.init.map((c) => c.status),
        containerStatuses: this.containers.map((c) => c.status),
        sandboxReady: true,
        ...(this.deadlineExceeded ? { phaseOverride: 'Failed' as const, reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE } : {}),
      },
      apiTime(),
    );
  }

  /**
   * Status writes are coalesced over a few milliseconds: a container that starts and turns ready
   * at once is reported in one write instead of two (ContainerCreating, then Running).
   */
  private markDirty(): void {
    this.dirty = true;
    if (this.writing || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.writing) void this.flushStatus();
    }, STATUS_COALESCE_MS);
  }

  private async flushStatus(): Promise<void> {
    if (this.writing) {
      this.dirty = true;
      return this.until(() => !this.writing);
    }
    this.writing = true;
    try {
      while (this.dirty && !this.destroyed) {
        this.dirty = false;
        await Promise.resolve();
        const status = this.status();
        try {
          const updated = await this.host.client.patch<Pod>(RESOURCES.pods, this.pod.metadata.namespace, String(this.pod.metadata.name), [{ op: 'add', path: '/status', value: status }], 'json', 'status');
          if (updated?.metadata?.resourceVersion && !this.destroyed) this.pod = { ...this.pod, status: updated.status, metadata: { ...this.pod.metadata, resourceVersion: updated.metadata.resourceVersion } };
        } catch (error) {
          if (isNotFound(error)) return;
          this.host.log(`status of ${this.sandbox.namespace}/${this.sandbox.podName}: ${(error as Error).message}`);
          this.dirty = true;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Whether app containers were started (init containers done). */
  get running(): boolean {
    return this.appStarted;
  }

  findContainer(name: string | undefined): ContainerSupervisor | undefined {
    const all = [...this.containers, ...this.init];
    return name ? all.find((c) => c.name === name) : this.containers[0];
  }
}

