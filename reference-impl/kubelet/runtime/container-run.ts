import { InMemoryFs, MountableFs, type IFileSystem } from 'just-bash';
import { ContainerShell, basename } from '../images/shell.ts';
import { resolveArgv } from '../images/catalog.ts';
import { ProcessScope } from '../images/process-scope.ts';
import { ContainerStartError, type ContainerContext, type ExecOptions, type ExecResult, type ImageEmulation, type ResolverConfig } from '../images/types.ts';
import { LogSinkFs, LOG_SINK_DIR } from './log-sink-fs.ts';
import { ContainerLog } from './container-log.ts';

/** What the containers of one pod share: the network identity, the resolver and the volumes. */
export interface PodSandbox {
  podName: string;
  namespace: string;
  hostname: string;
  ip: string;
  resolver: ResolverConfig;
  /** emptyDir (and other) volumes by name; they outlive container restarts. */
  volumes: Map<string, IFileSystem>;
}

export interface ContainerRunSpec {
  name: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  volumeMounts?: { name: string; mountPath: string }[];
}

/** Idle cost of a running container, so usage is never exactly zero (as cAdvisor reports). */
const IDLE_CPU_MS_PER_S = 0.5;
/** Programs that never say they are set up (a script) are considered running after this. */
const SETUP_WAIT_MS = 200;

/**
 * One run of one container: a fresh writable filesystem, the pod's volumes mounted into it, the
 * image's program started on the pod IP, a log. A restart is a new ContainerRun.
 */
export class ContainerRun {
  readonly log = new ContainerLog();
  readonly startedAt = new Date();
  finishedAt: Date | undefined;
  exitCode: number | undefined;
  private cpuMs = 0;
  /** Sustained CPU demand (resource-consumer's ConsumeCPU): millicores over a time window. */
  private readonly loads: { from: number; to: number; millicores: number }[] = [];
  private readonly scope = new ProcessScope();
  private readonly shell: ContainerShell | undefined;
  readonly exited: Promise<number>;
  /** Settles when the program has bound its sockets (at most SETUP_WAIT_MS after start). */
  readonly setUp: Promise<void>;
  readonly context: ContainerContext;

  constructor(
    readonly sandbox: PodSandbox,
    readonly spec: ContainerRunSpec,
    readonly image: ImageEmulation,
  ) {
    const fs = containerFilesystem(sandbox, spec, image);
    fs.mount(LOG_SINK_DIR, new LogSinkFs((stream, text) => this.log.append(stream, text)));
    if (image.hasShell) {
      this.shell = new ContainerShell({ hostname: sandbox.hostname, fs, env: spec.env, podIP: sandbox.ip, resolver: sandbox.resolver });
    }
    const argv = resolveArgv(image, spec.command, spec.args);
    this.context = {
      podName: sandbox.podName,
      namespace: sandbox.namespace,
      hostname: sandbox.hostname,
      podIP: sandbox.ip,
      containerName: spec.name,
      argv,
      env: spec.env,
      fs,
      resolver: sandbox.resolver,
      log: (stream, text) => this.log.append(stream, text),
      chargeCpu: (ms) => (this.cpuMs += ms),
      addCpuLoad: (millicores, durationMs) => {
        const from = Date.now();
        this.loads.push({ from, to: from + durationMs, millicores });
      },
      exec: (execArgv, options) => this.exec(execArgv, options),
    };
    const program = image.program(argv);
    if (!program) {
      throw new ContainerStartError(
        `failed to create containerd task: exec: "${argv[0] ?? ''}": executable file not found in $PATH`,
      );
    }
    this.exited = this.scope.exited.then((code) => {
      this.exitCode = code;
      this.finishedAt = new Date();
      this.log.close();
      return code;
    });
    this.setUp = Promise.race([this.scope.setUp, new Promise<void>((resolve) => setTimeout(resolve, SETUP_WAIT_MS).unref())]);
    Promise.resolve()
      .then(() => program(this.context, this.scope))
      .then(
        (code) => this.scope.exit(code),
        (error: Error) => {
          this.log.append('stderr', `${error.message}\n`);
          this.scope.exit(1);
        },
      );
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** CPU consumed so far, in milliseconds of one core. */
  cpuUsageMs(now = Date.now()): number {
    const end = this.finishedAt?.getTime() ?? now;
    let loaded = 0;
    for (const load of this.loads) loaded += (Math.max(0, Math.min(end, load.to) - load.from) * load.millicores) / 1000;
    return this.cpuMs + loaded + ((end - this.startedAt.getTime()) / 1000) * IDLE_CPU_MS_PER_S;
  }

  async exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (!this.running) return { stdout: '', stderr: 'container not running\n', exitCode: 126 };
    if (!this.shell) {
      return { stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${basename(argv[0] ?? '')}": executable file not found in $PATH: unknown\n`, exitCode: 126 };
    }
    return this.shell.run(argv, options);
  }

  terminate(): void {
    this.scope.terminate();
  }

  kill(): void {
    this.scope.kill();
  }
}

function containerFilesystem(sandbox: PodSandbox, spec: ContainerRunSpec, image: ImageEmulation): MountableFs {
  const hosts = Object.entries(sandbox.resolver.hosts)
    .map(([name, ip]) => `${ip}\t${name}`)
    .join('\n');
  const resolv = [
    ...sandbox.resolver.nameservers.map((server) => `nameserver ${server}`),
    `search ${sandbox.resolver.searches.join(' ')}`,
    `options ndots:${sandbox.resolver.ndots}`,
  ].join('\n');
  const base = new InMemoryFs({
    ...(image.files ?? {}),
    '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${hosts}\n`,
    '/etc/resolv.conf': `${resolv}\n`,
    '/etc/hostname': `${sandbox.hostname}\n`,
    '/tmp/.keep': '',
    '/dev/termination-log': '',
  });
  const fs = new MountableFs({ base });
  for (const mount of spec.volumeMounts ?? []) {
    const volume = sandbox.volumes.get(mount.name);
    if (volume) fs.mount(mount.mountPath, volume);
  }
  return fs;
}
