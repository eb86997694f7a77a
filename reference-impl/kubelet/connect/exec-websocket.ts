import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StreamSession } from './stream-session.ts';

/**
 * pods/exec and pods/attach over WebSocket with the channel.k8s.io sub-protocols (v5 down to v1,
 * and the base64 variants): channel 0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize,
 * 255 close. Emulated shells are not interactive: for exec, stdin (when asked for) is collected
 * until the client closes it, then the command runs and its output, exit status and close follow.
 */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io', 'v4.base64.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

export function chooseProtocol(offered: Set<string>): string | false {
  for (const protocol of CHANNEL_PROTOCOLS) if (offered.has(protocol)) return protocol;
  return false;
}

/** The v4+ status document on the error channel. */
export function execStatus(argv: string[], exitCode: number): string {
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  });
}

const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseProtocol(offered) });

export function upgradeExec(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams, session: StreamSession): void {
  const flag = (name: string, fallback: boolean): boolean => (query.has(name) ? query.get(name) === 'true' || query.get(name) === '1' : fallback);
  const wantsStdin = flag('stdin', false);
  const wantsStdout = flag('stdout', true);
  const wantsStderr = flag('stderr', true);
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    const protocol = ws.protocol;
    const base64 = protocol.includes('base64');
    const send = (channel: number, data: string): void => {
      if (data === '' || ws.readyState !== ws.OPEN) return;
      if (base64) ws.send(String.fromCharCode(48 + channel) + Buffer.from(data).toString('base64'));
      else ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
    };
    // Clients reject frames on streams they did not ask for (client-node: "Unknown stream").
    const sink = { stdout: (text: string) => wantsStdout && send(STDOUT, text), stderr: (text: string) => wantsStderr && send(STDERR, text) };
    const stdinChunks: Buffer[] = [];
    let started = false;
    const start = (): void => {
      if (started) return;
      started = true;
      void session
        .run(sink, wantsStdin ? Buffer.concat(stdinChunks).toString('utf8') : undefined)
        .then((exitCode) => {
          if (protocol.startsWith('v4') || protocol.startsWith('v5')) send(ERROR, execStatus(session.argv, exitCode));
          else if (exitCode !== 0) send(ERROR, `command terminated with non-zero exit code: ${exitCode}`);
        })
        .catch((error: Error) => send(ERROR, JSON.stringify({ metadata: {}, status: 'Failure', message: error.message, reason: 'InternalError' })))
        .finally(() => ws.close(1000));
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = isBinary ? data : Buffer.from(data.toString('utf8'));
      if (frame.length === 0) return;
      const channel = base64 ? frame[0]! - 48 : frame[0]!;
      const payload = base64 ? Buffer.from(frame.subarray(1).toString('utf8'), 'base64') : frame.subarray(1);
      if (channel === STDIN) {
        if (session.input) session.input(payload);
        else stdinChunks.push(payload);
      } else if (channel === CLOSE && payload[0] === STDIN) {
        session.input?.(null);
        start();
      }
    });
    ws.on('close', () => {
      session.input?.(null);
      start();
    });
    ws.on('error', () => undefined);
    if (!wantsStdin || !session.waitsForStdin) start();
  });
}
