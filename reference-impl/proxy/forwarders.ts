import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Backend, ListenerSpec } from './plan.ts';

/**
 * The sockets behind one Service port: a TCP listener that splices each connection to a backend,
 * or a UDP socket that relays datagrams through one session socket per client. The outbound
 * socket binds the client's own loopback address, so backends see the real client IP (as with
 * kube-proxy's DNAT), which /clientip and session affinity tests rely on.
 */
export type Route = (clientIP: string) => Backend | undefined;

export interface Forwarder {
  close(): void;
}

const UDP_SESSION_IDLE_MS = 30_000;

export function listenTcp(spec: ListenerSpec, route: Route): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const clientIP = client.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const backend = route(clientIP);
    if (!backend) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: backend.ip, port: backend.port, localAddress: clientIP.startsWith('127.') ? clientIP : undefined });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: spec.ip, port: spec.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve({
        close() {
          server.close();
          for (const socket of sockets) socket.destroy();
        },
      });
    });
  });
}

export function listenUdp(spec: ListenerSpec, route: Route): Promise<Forwarder> {
  const listener = createSocket('udp4');
  const sessions = new Map<string, { socket: UdpSocket; timer: NodeJS.Timeout }>();
  const closeSession = (key: string): void => {
    const session = sessions.get(key);
    if (!session) return;
    clearTimeout(session.timer);
    session.socket.close();
    sessions.delete(key);
  };
  listener.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let session = sessions.get(key);
    if (!session) {
      const backend = route(from.address);
      if (!backend) return;
      const socket = createSocket('udp4');
      socket.on('message', (reply) => listener.send(reply, from.port, from.address));
      socket.on('error', () => closeSession(key));
      session = { socket, timer: setTimeout(() => closeSession(key), UDP_SESSION_IDLE_MS) };
      sessions.set(key, session);
      const send = (): void => socket.send(msg, backend.port, backend.ip);
      // Bind the client's address as the source so the backend sees the client.
      if (from.address.startsWith('127.')) socket.bind(0, from.address, send);
      else send();
      (session as { backend?: Backend }).backend = backend;
      return;
    }
    session.timer.refresh();
    const backend = (session as { backend?: Backend }).backend!;
    session.socket.send(msg, backend.port, backend.ip);
  });
  listener.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.bind(spec.port, spec.ip, () => {
      listener.off('error', reject);
      resolve({
        close() {
          for (const key of [...sessions.keys()]) closeSession(key);
          listener.close();
        },
      });
    });
  });
}
