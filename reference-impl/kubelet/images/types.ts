import type { IFileSystem } from 'just-bash';

/**
 * The contract between the kubelet runtime and an emulated container image. An image is a small
 * in-process program: it binds real sockets on the pod's loopback IP, writes log lines, and ends
 * with an exit code. Everything it may touch of "its machine" comes through ContainerContext.
 */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  stdin?: string;
  signal?: AbortSignal;
  streamToLog?: boolean;
}

/** How the container resolves names (its /etc/resolv.conf) and the hosts file the kubelet writes. */
export interface ResolverConfig {
  nameservers: string[];
  searches: string[];
  ndots: number;
  /** Port the nameservers answer on (53 in production, anything in tests). */
  port: number;
  /** name → IP, the pod's /etc/hosts. */
  hosts: Record<string, string>;
}

export interface ContainerContext {
  podName: string;
  namespace: string;
  /** What `hostname` prints: spec.hostname or the pod name. */
  hostname: string;
  podIP: string;
  containerName: string;
  /** Entrypoint after kubelet resolution of command/args against the image defaults. */
  argv: string[];
  env: Record<string, string>;
  /** The container's filesystem, with the pod's volumes mounted into it. */
  fs: IFileSystem;
  resolver: ResolverConfig;
  /** Appends to the container log ('stdout' or 'stderr' line(s)). */
  log(stream: 'stdout' | 'stderr', text: string): void;
  /** Reports CPU time consumed (milliseconds), e.g. while serving a request. */
  chargeCpu(ms: number): void;
  /** Declares a sustained CPU demand of `millicores` for `durationMs` (usage is accounted, not burnt). */
  addCpuLoad(millicores: number, durationMs: number): void;
  /**
   * Runs a command inside this container, as `kubectl exec` would. With `streamToLog` its output
   * goes to the container log as it is produced (the main process of shell images) instead of
   * being returned.
   */
  exec(argv: string[], options?: ExecOptions): Promise<ExecResult>;
}

/** A started container. */
export interface RunningProcess {
  /** Settles with the exit code when the main program ends for any reason. */
  readonly exited: Promise<number>;
  /** SIGTERM: the program may clean up (or ignore it, like serve-hostname). */
  terminate(): void;
  /** SIGKILL: ends at once with 137. */
  kill(): void;
}

/** A program inside an image (e.g. agnhost netexec); started by the runtime. */
export type Program = (ctx: ContainerContext, scope: import('./process-scope.ts').ProcessScope) => Promise<number> | number;

export interface ImageEmulation {
  /** Repository without registry and tag, e.g. `e2e-test-images/agnhost`. */
  names: string[];
  /** The image's ENTRYPOINT + CMD when the pod gives neither command nor args. */
  entrypoint: string[];
  cmd: string[];
  /** Whether `sh` exists in the image (exec of shell commands). */
  hasShell: boolean;
  /** Files the image ships (path → content), copied into each container's filesystem. */
  files?: Record<string, string>;
  /** Chooses the program for a resolved argv; undefined = "executable file not found". */
  program(argv: string[]): Program | undefined;
}

/** Thrown when a container's entrypoint cannot be started (kubelet reports StartError / 128). */
export class ContainerStartError extends Error {
  readonly code = 'CONTAINER_START_ERROR';
}
