import { Bash, defineCommand, type Command, type IFileSystem } from 'just-bash';
import { logStreamingPlugin } from './log-streaming.ts';
import { networkCommands, type PodNetwork } from './net/network-commands.ts';
import type { ExecOptions, ExecResult } from './types.ts';
import { LOG_SINK_DIR } from '../runtime/log-sink-fs.ts';

/**
 * The POSIX userland of an emulated image: a simulated shell (just-bash) over the container's
 * own filesystem, plus the networking tools the upstream tests use. An interpreter exists only while a command
 * runs, because most containers are never exec'ed into and each one costs about 100 KB.
 */
export interface ShellEnvironment extends PodNetwork {
  hostname: string;
  fs: IFileSystem;
  env: Record<string, string>;
}

const SHELLS = new Set(['sh', 'bash', 'ash']);
/** Long enough for `sleep 3600` loops; the container's stop signal is what ends a script. */
const MAX_SCRIPT_MS = 30 * 24 * 3600 * 1000;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function quote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Turns an exec argv into one shell script: `sh [-flags] -c SCRIPT` runs SCRIPT; anything else
 * runs as a single quoted command (absolute paths reduced to the tool name).
 */
/**
 * POSIX awk takes a one-character field separator literally (`awk -F.` splits on dots); the
 * simulated awk reads it as a regular expression. Bracketing the character keeps both readings
 * equal (`-F.` → `-F'[.]'`); the DNS probe scripts rely on `hostname -i | awk -F. …`.
 */
export function literalAwkSeparators(script: string): string {
  return script.replace(/(\bawk\s+)-F\s*(?:'([^\s\\'])'|"([^\s\\"])"|([^\s'"\\]))(?=\s)/g, (_whole, awk: string, a?: string, b?: string, c?: string) => {
    const separator = a ?? b ?? c ?? '';
    return /[A-Za-z0-9]/.test(separator) ? `${awk}-F${separator}` : `${awk}-F'[${separator}]'`;
  });
}

export function scriptFor(argv: string[]): string {
  const [first, ...rest] = argv;
  if (first !== undefined && SHELLS.has(basename(first))) {
    const c = rest.findIndex((arg) => arg === '-c' || (/^-[a-z]+$/.test(arg) && arg.includes('c')));
    if (c >= 0 && rest[c + 1] !== undefined) return rest[c + 1]!;
    if (rest.length === 0) return 'true';
  }
  if (first === undefined) return 'true';
  return [basename(first), ...rest].map(quote).join(' ');
}

export class ContainerShell {
  constructor(
    private readonly environment: ShellEnvironment,
    private readonly extraCommands: Command[] = [],
  ) {}

  /** A fresh interpreter per command (concurrent execs must not share shell state); the fs is shared. */
  private instance(streamToLog = false): Bash {
    const { hostname, resolver } = this.environment;
    const commands: Command[] = [
      ...networkCommands(this.environment),
      defineCommand('hostname', async (args) => ({ stdout: `${hostnameOutput(args, this.environment)}\n`, stderr: '', exitCode: 0 })),
      defineCommand('agnhost', async (args) => agnhostTool(args, resolver)),
      ...this.extraCommands,
    ];
    const bash = new Bash({
      fs: this.environment.fs,
      cwd: '/',
      env: { HOSTNAME: hostname, HOME: '/root', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...this.environment.env },
      customCommands: commands,
      executionLimits: { maxExecutionTimeMs: MAX_SCRIPT_MS, maxLoopIterations: 10_000_000, maxCommandCount: 100_000_000 },
    });
    if (streamToLog) bash.registerTransformPlugin(logStreamingPlugin(LOG_SINK_DIR));
    return bash;
  }

  async run(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    // A bare shell reads its script from stdin (`echo 'hostname' | kubectl exec -i pod -- sh`).
    const bareShell = argv.length > 0 && SHELLS.has(basename(argv[0]!)) && !argv.slice(1).some((arg) => arg.startsWith('-') && arg.includes('c'));
    if (bareShell && options.stdin !== undefined) return this.run(['sh', '-c', options.stdin], { ...options, stdin: '' });
    const script = literalAwkSeparators(scriptFor(argv));
    // With streamToLog every command writes through the log sink as it ends (log-streaming.ts);
    // the interpreter would otherwise hand out a script's output only when it ends.
    const result = await this.instance(options.streamToLog).exec(script, { stdin: options.stdin, signal: options.signal });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  }
}

/** `hostname` (name), `hostname -i` (pod IP, used by the DNS probe scripts), `hostname -f` (FQDN from /etc/hosts). */
function hostnameOutput(args: string[], environment: ShellEnvironment): string {
  if (args.includes('-i') || args.includes('--ip-address')) return environment.podIP;
  if (args.includes('-f') || args.includes('--fqdn')) {
    const fqdn = Object.keys(environment.resolver.hosts).find((name) => name.startsWith(`${environment.hostname}.`));
    return fqdn ?? environment.hostname;
  }
  return environment.hostname;
}

/** The agnhost subcommands that only print something (run through exec in DNS tests). */
function agnhostTool(args: string[], resolver: PodNetwork['resolver']): ExecResult {
  switch (args[0]) {
    case 'dns-suffix':
      return { stdout: resolver.searches.join(','), stderr: '', exitCode: 0 };
    case 'dns-server-list':
      return { stdout: resolver.nameservers.join(','), stderr: '', exitCode: 0 };
    case 'etc-hosts':
      return { stdout: Object.entries(resolver.hosts).map(([name, ip]) => `${ip}\t${name}`).join('\n') + '\n', stderr: '', exitCode: 0 };
    default:
      return { stdout: '', stderr: `agnhost: subcommand ${args[0] ?? ''} cannot run from a shell here\n`, exitCode: 1 };
  }
}
