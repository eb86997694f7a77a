import { grpcHealthChecking } from './agnhost/grpc-health.ts';
import { liveness } from './agnhost/liveness.ts';
import { logsGenerator } from './agnhost/logs-generator.ts';
import { netexec } from './agnhost/netexec.ts';
import { porter } from './agnhost/porter.ts';
import { serveHostname } from './agnhost/serve-hostname.ts';
import { testWebserver } from './agnhost/test-webserver.ts';
import { pause, shellProgram } from './programs.ts';
import { resourceConsumer } from './resource-consumer.ts';
import { basename } from './shell.ts';
import { staticWebServer } from './static-web.ts';
import type { ImageEmulation, Program } from './types.ts';

/**
 * The images the reference kubelet can "pull": each is emulated natively. Anything else fails
 * like a missing image (ErrImagePull, then ImagePullBackOff), which upstream tests rely on to
 * stall rollouts (`webserver:404`, `gb-redisslave:nonexistent`).
 */
const AGNHOST_PROGRAMS: Record<string, Program> = {
  netexec,
  'serve-hostname': serveHostname,
  porter,
  liveness,
  'test-webserver': testWebserver,
  'grpc-health-checking': grpcHealthChecking,
  'logs-generator': logsGenerator,
  pause,
};


/** Programs found on PATH in every image that has a shell. */
function shellOr(argv: string[], own: (argv: string[]) => Program | undefined): Program | undefined {
  const mine = own(argv);
  if (mine) return mine;
  return argv.length > 0 ? shellProgram(argv) : undefined;
}

const agnhost: ImageEmulation = {
  names: ['agnhost'],
  entrypoint: ['/agnhost'],
  cmd: ['pause'],
  hasShell: true,
  program: (argv) =>
    shellOr(argv, ([first, sub]) => {
      if (first === undefined || basename(first) !== 'agnhost') return undefined;
      return AGNHOST_PROGRAMS[sub ?? 'pause'] ?? unknownSubcommand(sub ?? '');
    }),
};

function unknownSubcommand(name: string): Program {
  return (ctx) => {
    ctx.log('stderr', `Error: unknown command "${name}" for "agnhost"\n`);
    return 1;
  };
}

const busybox: ImageEmulation = {
  names: ['busybox'],
  entrypoint: [],
  cmd: ['sh'],
  hasShell: true,
  program: (argv) => shellOr(argv, () => undefined),
};

const pauseImage: ImageEmulation = {
  names: ['pause'],
  entrypoint: ['/pause'],
  cmd: [],
  hasShell: false,
  program: ([first]) => (first !== undefined && basename(first) === 'pause' ? pause : undefined),
};

const httpd: ImageEmulation = {
  names: ['httpd'],
  entrypoint: [],
  cmd: ['httpd-foreground'],
  hasShell: true,
  files: { '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n' },
  program: (argv) =>
    shellOr(argv, ([first]) => (first !== undefined && basename(first) === 'httpd-foreground' ? staticWebServer('/usr/local/apache2/htdocs', 'index.html') : undefined)),
};

const nginx: ImageEmulation = {
  names: ['nginx'],
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  hasShell: true,
  files: { '/usr/share/nginx/html/index.html': '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n' },
  program: (argv) =>
    shellOr(argv, (args) => {
      const binary = args.find((arg) => basename(arg) === 'nginx');
      return binary !== undefined ? staticWebServer('/usr/share/nginx/html', 'index.html') : undefined;
    }),
};

/**
 * jessie-dnsutils and glibc-dns-testing (which replaced it in the v1.36 DNS tests): a userland with
 * dig and getent, used only to run the query scripts.
 */
const dnsutils: ImageEmulation = {
  names: ['jessie-dnsutils', 'glibc-dns-testing'],
  entrypoint: [],
  cmd: ['sleep', '3600'],
  hasShell: true,
  program: (argv) => shellOr(argv, () => undefined),
};

/** resource-consumer: the HPA tests' load generator (see resource-consumer.ts). */
const consumer: ImageEmulation = {
  names: ['resource-consumer'],
  entrypoint: ['/consumer'],
  cmd: ['--port=8080'],
  hasShell: true,
  program: (argv) => shellOr(argv, ([first]) => (first !== undefined && basename(first) === 'consumer' ? resourceConsumer : undefined)),
};

const CATALOG: ImageEmulation[] = [agnhost, busybox, pauseImage, httpd, nginx, dnsutils, consumer];

/** `registry.k8s.io/e2e-test-images/agnhost:2.52` → `agnhost` (registry, path and tag/digest dropped). */
export function repositoryName(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(0, colon) : lastSegment;
}

export function findImage(image: string): ImageEmulation | undefined {
  const name = repositoryName(image);
  return CATALOG.find((entry) => entry.names.includes(name));
}

/** Entrypoint resolution as the container runtime does it: command replaces ENTRYPOINT, args CMD. */
export function resolveArgv(image: ImageEmulation, command: string[] | undefined, args: string[] | undefined): string[] {
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  return [...image.entrypoint, ...(args ?? image.cmd)];
}

