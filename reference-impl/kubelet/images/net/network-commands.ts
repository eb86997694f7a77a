import { defineCommand, decodeBytesToUtf8, type Command } from 'just-bash';
import type { StringAnswer, SrvAnswer } from 'dns-packet';
import { ConnectError, httpFetch, tcpExchange, udpExchange } from './clients.ts';
import { PodResolver, ResolveError, type DnsAnswer, type QueryType } from './resolver.ts';
import type { ResolverConfig } from '../types.ts';

/**
 * The networking tools the upstream tests call inside pods (bind-tools, netcat-openbsd, curl,
 * getent), reimplemented over real sockets from the pod's IP and the pod's resolver.
 */
export interface PodNetwork {
  podIP: string;
  resolver: ResolverConfig;
}

const ok = (stdout: string, stderr = ''): { stdout: string; stderr: string; exitCode: number } => ({ stdout, stderr, exitCode: 0 });
const fail = (exitCode: number, stderr: string, stdout = ''): { stdout: string; stderr: string; exitCode: number } => ({ stdout, stderr, exitCode });

function seconds(value: string | undefined, fallback: number): number {
  const parsed = Number.parseFloat(value ?? '');
  return Number.isFinite(parsed) ? parsed * 1000 : fallback;
}

export function networkCommands(net: PodNetwork): Command[] {
  const resolver = new PodResolver(net.resolver, net.podIP);
  const lookup = async (host: string): Promise<string> => (host === 'localhost' ? net.podIP : resolver.lookup(host));

  const nc = defineCommand('nc', async (args, ctx) => {
    let udp = false;
    let verbose = false;
    let zero = false;
    let waitMs = 0;
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '-w') waitMs = seconds(args[++i], 0);
      else if (arg.startsWith('-') && arg.length > 1) {
        if (arg.includes('u')) udp = true;
        if (arg.includes('v')) verbose = true;
        if (arg.includes('z')) zero = true;
        const w = /w(\d+)$/.exec(arg);
        if (w) waitMs = Number(w[1]) * 1000;
      } else positional.push(arg);
    }
    const [host, portText] = positional;
    if (!host || !portText) return fail(1, 'usage: nc [-tuvz] [-w timeout] host port\n');
    const port = Number(portText);
    let ip: string;
    try {
      ip = await lookup(host);
    } catch {
      return fail(1, `nc: getaddrinfo for host "${host}" port ${port}: Name does not resolve\n`);
    }
    const payload = decodeBytesToUtf8(ctx.stdin);
    if (udp) {
      const reply = await udpExchange(ip, port, payload, { localAddress: net.podIP, waitMs: waitMs || 2000 });
      return ok(reply, verbose ? `Connection to ${host} ${port} port [udp/*] succeeded!\n` : '');
    }
    try {
      const reply = await tcpExchange(ip, port, payload, { localAddress: net.podIP, idleMs: waitMs || 2000, connectOnly: zero });
      return ok(reply, verbose ? `Connection to ${host} (${ip}) ${port} port [tcp/*] succeeded!\n` : '');
    } catch (error) {
      const reason = error instanceof ConnectError && error.kind === 'timeout' ? 'Operation timed out' : 'Connection refused';
      return fail(1, verbose ? `nc: connect to ${host} (${ip}) port ${port} (tcp) failed: ${reason}\n` : '');
    }
  });

  const curl = defineCommand('curl', async (args, ctx) => {
    let maxTimeMs = 120_000;
    let method: string | undefined;
    let body: string | undefined;
    let outFile: string | undefined;
    let writeOut: string | undefined;
    let failOnError = false;
    let silent = false;
    const headers: Record<string, string> = {};
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--max-time' || arg === '-m') maxTimeMs = seconds(args[++i], maxTimeMs);
      else if (arg === '--connect-timeout') i++;
      else if (arg === '-X' || arg === '--request') method = args[++i];
      else if (arg === '-d' || arg === '--data') body = args[++i];
      else if (arg === '-o' || arg === '--output') outFile = args[++i];
      else if (arg === '-w' || arg === '--write-out') writeOut = args[++i];
      else if (arg === '-H' || arg === '--header') {
        const [name, ...value] = (args[++i] ?? '').split(':');
        if (name) headers[name.trim()] = value.join(':').trim();
      } else if (arg === '-f' || arg === '--fail') failOnError = true;
      else if (arg.startsWith('--')) continue;
      else if (arg.startsWith('-') && arg.length > 1) {
        if (arg.includes('s')) silent = true;
        if (arg.includes('f')) failOnError = true;
      } else url = arg;
    }
    if (!url) return fail(2, 'curl: no URL specified!\n');
    const target = new URL(/^[a-z]+:\/\//i.test(url) ? url : `http://${url}`);
    try {
      target.hostname = await lookup(target.hostname.replace(/^\[|\]$/g, ''));
    } catch {
      return fail(6, silent ? '' : `curl: (6) Could not resolve host: ${target.hostname}\n`);
    }
    try {
      const res = await httpFetch(target.toString(), { localAddress: net.podIP, timeoutMs: maxTimeMs, method: method ?? (body !== undefined ? 'POST' : 'GET'), body, headers });
      if (failOnError && res.status >= 400) return fail(22, silent ? '' : `curl: (22) The requested URL returned error: ${res.status}\n`);
      let stdout = res.body;
      if (outFile && outFile !== '/dev/null') await ctx.fs.writeFile(outFile, res.body);
      if (outFile) stdout = '';
      if (writeOut) stdout += writeOut.replace('%{http_code}', String(res.status)).replace(/\\n/g, '\n');
      return ok(stdout);
    } catch (error) {
      if (error instanceof ConnectError && error.kind === 'timeout') return fail(28, silent ? '' : `curl: (28) Operation timed out after ${maxTimeMs} milliseconds\n`);
      return fail(7, silent ? '' : `curl: (7) Failed to connect to ${target.hostname} port ${target.port || 80}: Connection refused\n`);
    }
  });

  const wget = defineCommand('wget', async (args, ctx) => {
    const url = args.filter((arg) => !arg.startsWith('-')).pop();
    if (!url) return fail(1, 'wget: missing URL\n');
    return ctx.exec ? ctx.exec(`curl -s -f ${JSON.stringify(url)}`, { cwd: ctx.cwd }) : fail(1, 'wget: unavailable\n');
  });

  const nslookup = defineCommand('nslookup', async (args) => {
    const name = args.find((arg) => !arg.startsWith('-'));
    if (!name) return fail(1, 'usage: nslookup NAME\n');
    const server = net.resolver.nameservers[0] ?? '';
    const header = `Server:\t\t${server}\nAddress:\t${server}#${net.resolver.port}\n\n`;
    try {
      const { answers } = await resolver.query(name, 'A');
      const lines = answers.map((answer) =>
        answer.type === 'CNAME' ? `${answer.name}\tcanonical name = ${(answer as StringAnswer).data}.` : `Name:\t${answer.name}\nAddress: ${(answer as StringAnswer).data}`,
      );
      return ok(`${header}${lines.join('\n')}\n\n`);
    } catch (error) {
      return fail(1, '', `${header}** server can't find ${name}: ${error instanceof ResolveError ? 'NXDOMAIN' : 'SERVFAIL'}\n\n`);
    }
  });

  const dig = defineCommand('dig', async (args) => {
    let search = false;
    let tcp = false;
    let short = false;
    let type: QueryType = 'A';
    let name: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '+search') search = true;
      else if (arg === '+tcp' || arg === '+vc') tcp = true;
      else if (arg === '+short') short = true;
      else if (arg === '-x') {
        name = `${args[++i]!.split('.').reverse().join('.')}.in-addr.arpa.`;
        type = 'PTR';
      } else if (arg.startsWith('+') || arg.startsWith('@')) continue;
      else if (/^(A|AAAA|SRV|PTR|CNAME|TXT)$/i.test(arg)) type = arg.toUpperCase() as QueryType;
      else name = arg;
    }
    if (!name) return fail(1, 'dig: no name\n');
    try {
      const { answers } = await resolver.query(name, type, { search, tcp });
      return ok(answers.map((answer) => (short ? formatData(answer) : `${answer.name}.\t30\tIN\t${answer.type}\t${formatData(answer)}`)).join('\n') + (answers.length ? '\n' : ''));
    } catch (error) {
      if (error instanceof ResolveError) return ok('');
      return fail(9, `;; ${(error as Error).message}\n`);
    }
  });

  const getent = defineCommand('getent', async (args) => {
    const [database, name] = args;
    if (database !== 'hosts' || !name) return fail(1, 'getent: only `getent hosts NAME` is supported\n');
    try {
      const ip = await lookup(name);
      return ok(`${ip}\t${name}\n`);
    } catch {
      return fail(2, '');
    }
  });

  return [nc, curl, wget, nslookup, dig, getent];
}

function formatData(answer: DnsAnswer): string {
  if (answer.type === 'SRV') {
    const srv = (answer as SrvAnswer).data;
    return `${srv.priority ?? 0} ${srv.weight ?? 0} ${srv.port} ${srv.target}.`;
  }
  const data = (answer as StringAnswer).data;
  return answer.type === 'A' || answer.type === 'AAAA' ? data : `${data}.`;
}
