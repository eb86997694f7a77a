import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { SpdySession } from './spdy-session.ts';
import { acceptSpdy } from './spdy-upgrade.ts';

/**
 * pods/portforward: kubectl's SPDY protocol (`portforward.k8s.io`: per forwarded connection a
 * pair of streams, `error` and `data`, sharing a `requestid` and naming the `port`), also when
 * tunnelled inside a WebSocket (`SPDY/3.1+portforward.k8s.io`, kubectl 1.31+), and the
 * WebSocket channel protocol client-node uses (`v4.channel.k8s.io`: for port i, data on
 * channel 2i and errors on 2i+1, each channel first announcing its port as 2 bytes, little-endian).
 */
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

type Dial = (port: number) => Socket;

export function podDialer(podIP: string): Dial {
  return (port) => connect({ host: podIP, port });
}

function serveSpdy(transport: Duplex, dial: Dial, podName: string): void {
  const pairs = new Map<string, { port: number; error?: number; data?: number; socket?: Socket }>();
  const byStream = new Map<number, { port: number; error?: number; data?: number; socket?: Socket }>();
  const session: SpdySession = new SpdySession(transport, {
    onStream(streamId, headers) {
      const key = headers['requestid'] ?? String(streamId);
      const pair = pairs.get(key) ?? { port: Number(headers['port']) };
      pairs.set(key, pair);
      byStream.set(streamId, pair);
      if (headers['streamtype'] === 'error') pair.error = streamId;
      if (headers['streamtype'] === 'data') {
        pair.data = streamId;
        const socket = dial(pair.port);
        pair.socket = socket;
        socket.on('data', (chunk: Buffer) => session.send(streamId, chunk));
        socket.on('end', () => session.send(streamId, Buffer.alloc(0), true));
        socket.on('error', (error) => {
          if (pair.error !== undefined) session.send(pair.error, Buffer.from(`error forwarding port ${pair.port} to pod ${podName}: ${error.message}`), true);
          session.send(streamId, Buffer.alloc(0), true);
        });
      }
    },
    onData(streamId, data) {
      const pair = byStream.get(streamId);
      if (pair?.data === streamId) pair.socket?.write(data);
    },
    onStreamEnd(streamId) {
      const pair = byStream.get(streamId);
      if (pair?.data === streamId) pair.socket?.end();
    },
    onClose() {
      for (const pair of pairs.values()) pair.socket?.destroy();
    },
  });
}

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => (offered.has(TUNNEL_PROTOCOL) ? TUNNEL_PROTOCOL : offered.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
});

export function upgradePortForward(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams, podIP: string, podName: string): void {
  const dial = podDialer(podIP);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    if (acceptSpdy(req, socket, [PORT_FORWARD_PROTOCOL])) serveSpdy(socket, dial, podName);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    if (ws.protocol === TUNNEL_PROTOCOL) {
      serveSpdy(createWebSocketStream(ws), dial, podName);
      return;
    }
    serveChannels(ws, query.getAll('ports').flatMap((p) => p.split(',')).map(Number), dial);
  });
}

function serveChannels(ws: WebSocket, ports: number[], dial: Dial): void {
  const sockets = ports.map((port, index) => {
    const announce = Buffer.alloc(2);
    announce.writeUInt16LE(port);
    ws.send(Buffer.concat([Buffer.from([index * 2]), announce]));
    ws.send(Buffer.concat([Buffer.from([index * 2 + 1]), announce]));
    const socket = dial(port);
    socket.on('data', (chunk: Buffer) => ws.send(Buffer.concat([Buffer.from([index * 2]), chunk])));
    socket.on('error', (error) => ws.send(Buffer.concat([Buffer.from([index * 2 + 1]), Buffer.from(error.message)])));
    socket.on('close', () => ws.close());
    return socket;
  });
  ws.on('message', (data: Buffer) => {
    const channel = data[0]!;
    if (channel % 2 === 0) sockets[channel / 2]?.write(data.subarray(1));
  });
  ws.on('close', () => sockets.forEach((socket) => socket.destroy()));
  ws.on('error', () => undefined);
}
