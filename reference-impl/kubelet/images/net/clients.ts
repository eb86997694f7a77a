import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { createSocket } from 'node:dgram';

/**
 * Outbound connections made from inside a pod. Each one binds the pod's IP as its source address,
 * so the far end (netexec /clientip, the proxy's session affinity) sees the pod, as on a real node.
 */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class ConnectError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'other',
  ) {
    super(message);
  }
}

export function httpFetch(
  url: string,
  options: { localAddress?: string; timeoutMs?: number; method?: string; body?: string; headers?: Record<string, string>; connectTimeoutMs?: number },
): Promise<HttpResult> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => reject(new ConnectError(error.message, 'other')));
      },
    );
    const timer = setTimeout(() => req.destroy(new ConnectError(`timeout after ${options.timeoutMs}ms`, 'timeout')), options.timeoutMs ?? 5000);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof ConnectError) reject(error);
      else reject(new ConnectError(error.message, error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** `nc`: sends `payload` over TCP and collects what comes back until close or `idleMs` of silence. */
export function tcpExchange(host: string, port: number, payload: string, options: { localAddress?: string; idleMs: number; connectOnly?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress: options.localAddress });
    const chunks: Buffer[] = [];
    let timer = setTimeout(() => socket.destroy(new ConnectError('timed out', 'timeout')), options.idleMs);
    const rearm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => socket.end(), options.idleMs);
    };
    socket.on('connect', () => {
      if (options.connectOnly) {
        socket.end();
        return;
      }
      if (payload) socket.write(payload);
      rearm();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      rearm();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error instanceof ConnectError ? error : new ConnectError(error.message, error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
    });
  });
}

/** `nc -u`: one datagram out, the first reply back (or '' after waitMs). */
export function udpExchange(host: string, port: number, payload: string, options: { localAddress?: string; waitMs: number }): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const finish = (reply: string): void => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(''), options.waitMs);
    socket.on('message', (msg) => finish(msg.toString('utf8')));
    socket.on('error', () => finish(''));
    const send = (): void => socket.send(Buffer.from(payload), port, host);
    if (options.localAddress) socket.bind(0, options.localAddress, send);
    else send();
  });
}
