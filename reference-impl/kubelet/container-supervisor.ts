import { apiTime } from './api-time.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { FaultSet } from '../faults.ts';
import { findImage } from './images/catalog.ts';
import { ContainerStartError, type ImageEmulation } from './images/types.ts';
import { NO_BACKOFF, nextBackoff, type BackoffState } from './backoff.ts';
import type { EventRecorder } from './event-recorder.ts';
import type { ProbeKind } from './probes/probe-state.ts';
import { runProbeWorker } from './probes/probe-worker.ts';
import { ContainerRun, type PodSandbox } from './runtime/container-run.ts';
import { expandReferences } from './pod-environment.ts';
import type { ContainerSpec, ContainerStatus, Pod, ProbeSpec, TerminatedState } from './pod-types.ts';

/**
 * Runs one container of a pod for its whole life: "pull" (catalog lookup, ErrImagePull and
 * ImagePullBackOff for unknown images), start, probes, exit, restart per restartPolicy with
 * CrashLoopBackOff, graceful stop. Publishes a ContainerStatus and calls `changed` on every
 * transition; the pod worker turns that into the pod status.
 */
export interface SupervisorHost {
  pod(): Pod;
  sandbox: PodSandbox;
  recorder: EventRecorder;
  faults: FaultSet;
  kubeletVersion: string;
  changed(): void;
  env(container: ContainerSpec): Promise<Record<string, string>>;
}

export type ContainerRole = 'init' | 'sidecar' | 'regular';

const RESTART_POLICY: Record<ContainerRole, (pod: Pod) => 'Always' | 'OnFailure' | 'Never'> = {
  regular: (pod) => pod.spec.restartPolicy ?? 'Always',
  init: (pod) => (pod.spec.restartPolicy === 'Never' ? 'Never' : 'OnFailure'),
  sidecar: () => 'Always',
};

export class ContainerSupervisor {
  status: ContainerStatus;
  current: ContainerRun | undefined;
  previous: ContainerRun | undefined;
  private backoff: BackoffState = NO_BACKOFF;
  private stopping = false;
  private restartRequested = false;
  private wake: (() => void) | undefined;
  /** Settles when the container is done for good (terminal exit or stop). */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    private readonly host: SupervisorHost,
    private spec: ContainerSpec,
    readonly role: ContainerRole,
  ) {
    this.status = {
      name: spec.name,
      image: spec.image,
      imageID: '',
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
    };
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get name(): string {
    return this.spec.name;
  }

  /** The pod spec changed; a new image restarts the container (pods allow image updates). */
  updateSpec(spec: ContainerSpec): void {
    const imageChanged = spec.image !== this.spec.image;
    this.spec = spec;
    if (imageChanged && !this.stopping) {
      this.restartRequested = true;
      this.host.recorder.podEvent(this.host.pod(), 'Normal', 'Killing', `Container ${spec.name} definition changed, will be restarted`, spec.name);
      this.current?.terminate();
      this.scheduleKill(this.current, this.graceMs());
      this.wake?.();
    }
  }

  async run(): Promise<void> {
    try {
      while (!this.stopping) {
        const image = this.pull();
        if (!image) {
          await this.pullBackoff();
          continue;
        }
        const exit = await this.runOnce(image);
        if (this.stopping) break;
        const policy = RESTART_POLICY[this.role](this.host.pod());
        const requested = this.restartRequested;
        this.restartRequested = false;
        if (!requested && (policy === 'Never' || (policy === 'OnFailure' && exit === 0) || this.host.faults.has('containers-never-restart'))) break;
        if (!requested) {
          const next = nextBackoff(this.backoff, Date.now());
          this.backoff = next.state;
          if (next.delayMs > 0) await this.crashLoopWait(next.delayMs);
        }
        if (this.stopping) break;
        this.status.restartCount++;
      }
    } finally {
      this.resolveFinished();
    }
  }

  /** Graceful stop: SIGTERM, then SIGKILL after graceMs. Resolves when the run has ended. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const run = this.current;
    if (run?.running) {
      this.host.recorder.podEvent(this.host.pod(), 'Normal', 'Killing', `Stopping container ${this.spec.name}`, this.spec.name);
      run.terminate();
      this.scheduleKill(run, graceMs);
      await run.exited;
    }
    await this.finished;
  }

  /** Immediate stop without events (the pod is already gone from the API). */
  kill(): void {
    this.stopping = true;
    this.wake?.();
    this.current?.kill();
  }

  cpuUsageMs(): number {
    return this.current?.running ? this.current.cpuUsageMs() : 0;
  }

  private graceMs(): number {
    return (this.host.pod().spec.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  private scheduleKill(run: ContainerRun | undefined, graceMs: number): void {
    if (!run) return;
    const timer = setTimeout(() => run.kill(), graceMs);
    void run.exited.then(() => clearTimeout(timer));
  }

  private pull(): ImageEmulation | undefined {
    const found = findImage(this.spec.image);
    if (found) {
      if (this.status.imageID === '') this.host.recorder.podEvent(this.host.pod(), 'Normal', 'Pulled', `Container image "${this.spec.image}" already present on machine`, this.spec.name);
      this.status.image = this.spec.image;
      this.status.imageID = `${this.spec.image.split(':')[0]}@sha256:${createHash('sha256').update(this.spec.image).digest('hex')}`;
      return found;
    }
    if (this.host.faults.has('image-pull-never-fails')) return findImage('pause');
    return undefined;
  }

  private async pullBackoff(): Promise<void> {
    const pod = this.host.pod();
    const message = `failed to pull and unpack image "${this.spec.image}": failed to resolve reference "${this.spec.image}": not found`;
    this.host.recorder.podEvent(pod, 'Normal', 'Pulling', `Pulling image "${this.spec.image}"`, this.spec.name);
    this.host.recorder.podEvent(pod, 'Warning', 'Failed', `Failed to pull image "${this.spec.image}": ${message}`, this.spec.name);
    this.host.recorder.podEvent(pod, 'Warning', 'Failed', 'Error: ErrImagePull', this.spec.name);
    this.setWaiting('ErrImagePull', message);
    const next = nextBackoff(this.backoff, Date.now());
    this.backoff = next.state;
    await this.sleep(Math.max(next.delayMs, 1000));
    if (this.stopping) return;
    this.host.recorder.podEvent(pod, 'Normal', 'BackOff', `Back-off pulling image "${this.spec.image}"`, this.spec.name);
    this.setWaiting('ImagePullBackOff', `Back-off pulling image "${this.spec.image}"`);
    await this.sleep(Math.max(nextBackoff(this.backoff, Date.now()).delayMs, 10_000));
  }

  private async crashLoopWait(delayMs: number): Promise<void> {
    const pod = this.host.pod();
    const who = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    this.setWaiting('CrashLoopBackOff', `back-off ${delayMs / 1000}s restarting failed container=${this.spec.name} pod=${who}`);
    this.host.recorder.podEvent(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${this.spec.name} in pod ${who}`, this.spec.name);
    await this.sleep(delayMs);
  }

  private setWaiting(reason: string, message: string): void {
    if (this.status.state.terminated) this.status.lastState = { terminated: this.status.state.terminated };
    this.status.state = { waiting: { reason, message } };
    this.status.ready = false;
    this.status.started = false;
    this.host.changed();
  }

  private async runOnce(image: ImageEmulation): Promise<number> {
    const pod = this.host.pod();
    const containerID = `containerd://${randomBytes(32).toString('hex')}`;
    let run: ContainerRun;
    try {
      const env = await this.host.env(this.spec);
      const command = this.spec.command?.map((word) => expandReferences(word, env));
      const args = this.spec.args?.map((word) => expandReferences(word, env));
      run = new ContainerRun(this.host.sandbox, { name: this.spec.name, command, args, env, volumeMounts: this.spec.volumeMounts }, image);
    } catch (error) {
      const message = (error as Error).message;
      this.host.recorder.podEvent(pod, 'Warning', 'Failed', `Error: ${message}`, this.spec.name);
      const now = apiTime();
      this.setTerminated({ exitCode: 128, reason: error instanceof ContainerStartError ? 'StartError' : 'Error', message, startedAt: now, finishedAt: now, containerID });
      return 128;
    }
    this.previous = this.current;
    this.current = run;
    this.host.recorder.podEvent(pod, 'Normal', 'Created', `Created container: ${this.spec.name}`, this.spec.name);
    this.host.recorder.podEvent(pod, 'Normal', 'Started', `Started container ${this.spec.name}`, this.spec.name);
    await run.setUp;
    if (run.running) {
      if (this.status.state.terminated) this.status.lastState = { terminated: this.status.state.terminated };
      else if (this.status.state.waiting && this.status.lastState.terminated === undefined) this.status.lastState = {};
      this.status.state = { running: { startedAt: apiTime(run.startedAt) } };
      this.status.containerID = containerID;
      this.status.started = !this.spec.startupProbe;
      this.status.ready = !this.spec.readinessProbe || this.host.faults.has('kubelet-ignores-readiness');
      if (this.role === 'init') this.status.ready = false;
      this.host.changed();
      this.startProbes(run);
    }
    const code = await run.exited;
    const message = await terminationMessage(run, this.spec, code);
    this.setTerminated({
      exitCode: code,
      reason: code === 0 ? 'Completed' : 'Error',
      ...(message ? { message } : {}),
      startedAt: apiTime(run.startedAt),
      finishedAt: apiTime(run.finishedAt ?? new Date()),
      containerID,
    });
    return code;
  }

  private setTerminated(terminated: TerminatedState): void {
    // From waiting (a back-off between two runs) lastState already holds the previous run.
    if (this.status.state.terminated) this.status.lastState = { terminated: this.status.state.terminated };
    this.status.state = { terminated };
    this.status.ready = false;
    this.status.started = false;
    this.host.changed();
  }

  private startProbes(run: ContainerRun): void {
    if (this.role === 'init') return;
    const probes: [ProbeKind, ProbeSpec | undefined][] = [
      ['startup', this.spec.startupProbe],
      ['liveness', this.spec.livenessProbe],
      ['readiness', this.spec.readinessProbe],
    ];
    const container = {
      stopping: () => this.stopping,
      started: () => this.status.started === true,
      setStarted: () => {
        this.status.started = true;
        if (!this.spec.readinessProbe) this.status.ready = true;
        this.host.changed();
      },
      setReady: (ready: boolean) => {
        if (ready === this.status.ready) return;
        this.status.ready = ready;
        this.host.changed();
      },
      restart: (kind: ProbeKind, graceSeconds: number) => {
        this.host.recorder.podEvent(this.host.pod(), 'Normal', 'Killing', `Container ${this.spec.name} failed ${kind} probe, will be restarted`, this.spec.name);
        this.restartRequested = false;
        run.terminate();
        this.scheduleKill(run, graceSeconds * 1000);
      },
      event: (type: 'Normal' | 'Warning', reason: string, message: string) => this.host.recorder.podEvent(this.host.pod(), type, reason, message, this.spec.name),
      graceSeconds: () => this.host.pod().spec.terminationGracePeriodSeconds ?? 30,
    };
    const target = {
      podIP: this.host.sandbox.ip,
      namedPorts: Object.fromEntries((this.spec.ports ?? []).filter((p) => p.name).map((p) => [p.name!, p.containerPort])),
      exec: (argv: string[], signal: AbortSignal) => run.exec(argv, { signal }),
      kubeletVersion: this.host.kubeletVersion,
    };
    for (const [kind, probe] of probes) if (probe) void runProbeWorker(run, kind, probe, target, container, this.host.faults);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

const MESSAGE_FILE_LIMIT = 4096;
const MESSAGE_LOG_LINES = 80;
const MESSAGE_LOG_LIMIT = 2048;

/**
 * The terminated state's message, as the kubelet reads it: the terminationMessagePath file
 * (default /dev/termination-log), or with FallbackToLogsOnError and a failure, the log's tail.
 */
async function terminationMessage(run: ContainerRun, spec: ContainerSpec, exitCode: number): Promise<string> {
  const path = spec.terminationMessagePath || '/dev/termination-log';
  try {
    const text = await run.context.fs.readFile(path);
    if (text) return text.slice(0, MESSAGE_FILE_LIMIT);
  } catch {
    // No file: fall through to the log policy.
  }
  if (spec.terminationMessagePolicy !== 'FallbackToLogsOnError' || exitCode === 0) return '';
  const tail = run.log.snapshot({ tailLines: MESSAGE_LOG_LINES }).map((line) => line.text).join('');
  return tail.slice(-MESSAGE_LOG_LIMIT);
}
