import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { servingCertificate } from './serving-certificate.ts';

type Closable = { close(): unknown };

/**
 * Everything one container process owns: its listening sockets, timers and open connections.
 * Ending the process (exit, SIGTERM without a handler, SIGKILL) closes all of them, so a restarted
 * container can bind the same ports again and a deleted pod leaves nothing behind.
 */
export class ProcessScope {
  private readonly closables = new Set<Closable>();
  private readonly sockets = new Set<Socket>();
  private readonly abort = new AbortController();
  private termHandler: (() => void) | undefined;
  private resolveExit!: (code: number) => void;
  private resolveSetUp!: () => void;
  private done = false;
  /** Settles once the program has opened its sockets (it waits for the end) or has ended. */
  readonly setUp: Promise<void>;
  /** Settles with the exit code. */
  readonly exited: Promise<number>;

  constructor() {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.setUp = new Promise((resolve) => (this.resolveSetUp = resolve));
  }

  /** Aborted when the process ends; long waits take it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get ended(): boolean {
    return this.done;
  }

  /** Ends the process with `code`, closing everything it opened. Later calls are ignored. */
  exit(code: number): void {
    if (this.done) return;
    this.done = true;
    this.abort.abort();
    for (const closable of this.closables) {
      try {
        closable.close();
      } catch {
        // Already closed: nothing to release.
      }
    }
    for (const socket of this.sockets) socket.destroy();
    this.closables.clear();
    this.sockets.clear();
    this.resolveExit(code);
    this.resolveSetUp();
  }

  /** Installs a SIGTERM handler; without one SIGTERM ends the process like a Go program: 143. */
  onTerminate(handler: () => void): void {
    this.termHandler = handler;
  }

  terminate(): void {
    if (this.done) return;
    if (this.termHandler) this.termHandler();
    else this.exit(143);
  }

  kill(): void {
    this.exit(137);
  }

  /** Resolves after ms, or never once the process ended (the program is gone). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.done) return;
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => clearTimeout(timer);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves when the process ends, for programs that just serve until stopped. */
  untilEnded(): Promise<number> {
    this.resolveSetUp();
    return this.exited;
  }

  track<T extends Closable>(closable: T): T {
    this.closables.add(closable);
    return closable;
  }

  private trackConnections(server: TcpServer | HttpServer): void {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** An HTTP (or, with tls, HTTPS) server on ip:port; rejects like bind() on conflict. */
  async listenHttp(
    ip: string,
    port: number,
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    options: { tls?: boolean } = {},
  ): Promise<HttpServer> {
    const server = options.tls ? createHttpsServer(await servingCertificate(), handler) : createHttpServer(handler);
    server.keepAliveTimeout = 5000;
    this.trackConnections(server);
    await listen(server, ip, port);
    return this.track(server);
  }

  async listenTcp(ip: string, port: number, onConnection: (socket: Socket) => void): Promise<TcpServer> {
    const server = createTcpServer(onConnection);
    this.trackConnections(server);
    await listen(server, ip, port);
    return this.track(server);
  }

  async listenUdp(ip: string, port: number, onMessage: (msg: Buffer, from: { address: string; port: number }, socket: UdpSocket) => void): Promise<UdpSocket> {
    const socket = createSocket('udp4');
    socket.on('message', (msg, rinfo) => onMessage(msg, rinfo, socket));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, ip, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    return this.track(socket);
  }
}

function listen(server: TcpServer | HttpServer, ip: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: ip, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
