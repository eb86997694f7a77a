import { createSocket } from 'node:dgram';
import { connect, isIPv4 } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { ResolverConfig } from '../types.ts';

export type DnsAnswer = dnsPacket.Answer;
export type QueryType = 'A' | 'SRV' | 'PTR' | 'CNAME' | 'AAAA' | 'TXT';

export class ResolveError extends Error {
  readonly code = 'NXDOMAIN';
}

const QUERY_TIMEOUT_MS = 2000;

/** Only loopback nameservers are ever contacted: the reference cluster never leaves 127.0.0.0/8. */
export function isReachableNameserver(ip: string): boolean {
  return isIPv4(ip) && ip.startsWith('127.');
}

/**
 * The names tried for `name` under resolv.conf rules: an absolute name as is; a name with at
 * least `ndots` dots first as is, then with each search suffix; otherwise the suffixes first.
 */
export function candidateNames(name: string, config: Pick<ResolverConfig, 'searches' | 'ndots'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = config.searches.map((suffix) => `${name}.${suffix}`);
  return dots >= config.ndots ? [name, ...searched] : [...searched, name];
}

/** Sends one query to one nameserver over UDP (or TCP) and returns its answer section. */
export async function queryOnce(
  server: string,
  port: number,
  name: string,
  type: QueryType,
  options: { tcp?: boolean; timeoutMs?: number; localAddress?: string } = {},
): Promise<{ rcode: string; answers: DnsAnswer[] }> {
  const packet: dnsPacket.Packet = {
    type: 'query',
    id: Math.floor(Math.random() * 65535),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
  };
  const timeoutMs = options.timeoutMs ?? QUERY_TIMEOUT_MS;
  const reply = options.tcp
    ? await queryTcp(server, port, dnsPacket.streamEncode(packet), timeoutMs, options.localAddress)
    : await queryUdp(server, port, dnsPacket.encode(packet), timeoutMs, options.localAddress);
  const decoded = dnsPacket.decode(reply) as dnsPacket.DecodedPacket & { rcode?: string };
  return { rcode: decoded.rcode ?? 'NOERROR', answers: decoded.answers ?? [] };
}

function queryUdp(server: string, port: number, payload: Buffer, timeoutMs: number, localAddress?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => finish(new Error(`connection timed out; no servers could be reached`)), timeoutMs);
    const finish = (error: Error | undefined, reply?: Buffer): void => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply!);
    };
    socket.on('error', (error) => finish(error));
    socket.on('message', (msg) => finish(undefined, msg));
    const send = (): void => socket.send(payload, port, server);
    if (localAddress) socket.bind(0, localAddress, send);
    else send();
  });
}

function queryTcp(server: string, port: number, payload: Buffer, timeoutMs: number, localAddress?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server, port, localAddress });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error('connection timed out; no servers could be reached')), timeoutMs);
    const finish = (error: Error | undefined, reply?: Buffer): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    socket.on('connect', () => socket.write(payload));
    socket.on('error', (error) => finish(error));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) finish(undefined, buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
    });
  });
}

/** A pod's view of name resolution: its hosts file, then its nameservers with its search list. */
export class PodResolver {
  constructor(
    private readonly config: ResolverConfig,
    private readonly localAddress?: string,
  ) {}

  /** Answers of the first candidate name that has any (dig +search), with the name that matched. */
  async query(name: string, type: QueryType, options: { search?: boolean; tcp?: boolean } = {}): Promise<{ name: string; answers: DnsAnswer[] }> {
    const names = options.search === false ? [name.replace(/\.$/, '')] : candidateNames(name, this.config);
    const servers = this.config.nameservers.filter(isReachableNameserver);
    if (servers.length === 0) throw new Error('connection timed out; no servers could be reached');
    for (const candidate of names) {
      const { answers } = await queryOnce(servers[0]!, this.config.port, candidate, type, { tcp: options.tcp, localAddress: this.localAddress });
      if (answers.length > 0) return { name: candidate, answers };
    }
    throw new ResolveError(`${name}: NXDOMAIN`);
  }

  /** IPv4 address for a host name, following CNAMEs the server returned alongside. */
  async lookup(host: string): Promise<string> {
    if (isIPv4(host)) return host;
    const fromHosts = this.config.hosts[host];
    if (fromHosts) return fromHosts;
    const { answers } = await this.query(host, 'A');
    const a = answers.find((answer): answer is dnsPacket.StringAnswer => answer.type === 'A');
    if (!a) throw new ResolveError(`${host}: no address`);
    return a.data as string;
  }
}
