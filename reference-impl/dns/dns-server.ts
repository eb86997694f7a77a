import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { Informer, RESOURCES, type ApiClient, type KubeObject } from '../client/index.ts';
import type { FaultSet } from '../faults.ts';
import { answer, type DnsData, type DnsEndpoint, type DnsService } from './records.ts';

/**
 * Cluster DNS (CoreDNS's kubernetes plugin, in miniature): answers UDP and TCP queries for the
 * cluster domain from informer caches of Services and EndpointSlices. Names outside the cluster
 * domain get NXDOMAIN: the reference cluster never forwards queries off the machine.
 */
export interface ClusterDnsOptions {
  client: ApiClient;
  ip: string;
  port: number;
  domain: string;
  faults: FaultSet;
  log: (line: string) => void;
}

interface ServiceObject extends KubeObject {
  spec?: { type?: string; clusterIP?: string; externalName?: string; publishNotReadyAddresses?: boolean; ports?: { name?: string; port: number; protocol?: string }[] };
}

interface SliceObject extends KubeObject {
  endpoints?: { addresses: string[]; hostname?: string; conditions?: { ready?: boolean | null } }[] | null;
}

export class ClusterDns {
  private readonly services: Informer<ServiceObject>;
  private readonly slices: Informer<SliceObject>;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<Socket>();

  constructor(private readonly options: ClusterDnsOptions) {
    this.services = new Informer(options.client, RESOURCES.services, { log: options.log });
    this.slices = new Informer(options.client, RESOURCES.endpointslices, { log: options.log });
  }

  async start(): Promise<void> {
    await Promise.all([this.services.start(), this.slices.start()]);
    const udp = createSocket('udp4');
    udp.on('message', (msg, from) => {
      const reply = this.respond(msg);
      if (reply) udp.send(reply, from.port, from.address);
    });
    udp.on('error', (error) => this.options.log(`dns udp: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.options.port, this.options.ip, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;
    const tcp = createServer((socket) => this.serveTcp(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ host: this.options.ip, port: this.options.port, exclusive: true }, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    this.tcp = tcp;
  }

  async stop(): Promise<void> {
    this.udp?.close();
    this.tcp?.close();
    for (const socket of this.connections) socket.destroy();
    await Promise.all([this.services.stop(), this.slices.stop()]);
  }

  /** The current view of services and endpoints. */
  data(): DnsData {
    const services: DnsService[] = this.services.list().map((s) => ({
      name: String(s.metadata.name),
      namespace: String(s.metadata.namespace),
      type: s.spec?.type,
      clusterIP: s.spec?.clusterIP,
      externalName: s.spec?.externalName,
      publishNotReadyAddresses: s.spec?.publishNotReadyAddresses,
      ports: s.spec?.ports ?? [],
    }));
    const endpoints = new Map<string, DnsEndpoint[]>();
    for (const slice of this.slices.list()) {
      const service = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!service) continue;
      const key = `${slice.metadata.namespace}/${service}`;
      const list = endpoints.get(key) ?? [];
      for (const endpoint of slice.endpoints ?? []) {
        const ip = endpoint.addresses[0];
        if (ip) list.push({ ip, hostname: endpoint.hostname, ready: endpoint.conditions?.ready !== false });
      }
      endpoints.set(key, list);
    }
    return { services, endpoints };
  }

  respond(message: Buffer): Buffer | undefined {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    const base = { type: 'response' as const, id: query.id, questions: query.questions, flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) };
    if (!question) return dnsPacket.encode({ ...base, answers: [] });
    const result = answer(this.data(), question.name, question.type, this.options.domain, { noHeadlessRecords: this.options.faults.has('dns-no-headless-records') });
    const rcodeFlag = result.rcode === 'NXDOMAIN' ? 3 : 0;
    return dnsPacket.encode({ ...base, flags: base.flags | rcodeFlag, answers: result.answers, additionals: result.additionals });
  }

  private serveTcp(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        const reply = this.respond(buffer.subarray(2, 2 + length));
        buffer = buffer.subarray(2 + length);
        if (reply) {
          const framed = Buffer.alloc(2 + reply.length);
          framed.writeUInt16BE(reply.length, 0);
          reply.copy(framed, 2);
          socket.write(framed);
        }
      }
    });
  }
}
