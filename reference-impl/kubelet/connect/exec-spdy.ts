import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StreamSession } from './stream-session.ts';
import { execStatus } from './exec-websocket.ts';
import { SpdySession } from './spdy-session.ts';
import { acceptSpdy } from './spdy-upgrade.ts';

/**
 * pods/exec and pods/attach over SPDY/3.1, what kubectl 1.27–1.29 use (and later versions fall back to): the
 * client opens one stream per standard stream (`streamtype` header: error, stdin, stdout,
 * stderr, resize); once all expected streams exist (and stdin, if any, is closed) the command
 * runs, its output is written and every stream is finished; the status goes to the error stream.
 */
export const EXEC_SPDY_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

const CLOSE_GRACE_MS = 2_000;

export function upgradeExecSpdy(req: IncomingMessage, socket: Duplex, query: URLSearchParams, session: StreamSession): void {
  const protocol = acceptSpdy(req, socket, EXEC_SPDY_PROTOCOLS);
  if (!protocol) return;
  const flag = (name: string): boolean => query.get(name) === 'true' || query.get(name) === '1';
  const expected = new Set(['error', ...(['stdin', 'stdout', 'stderr'] as const).filter(flag), ...(flag('tty') && protocol !== 'channel.k8s.io' && protocol !== 'v2.channel.k8s.io' ? ['resize'] : [])]);
  const streams = new Map<string, number>();
  const stdin: Buffer[] = [];
  let stdinClosed = !expected.has('stdin') || !session.waitsForStdin;
  let started = false;
  const write = (type: string, text: string): void => {
    const id = streams.get(type);
    if (id !== undefined && text) spdy.send(id, Buffer.from(text));
  };

  const maybeStart = (): void => {
    if (started || !stdinClosed || [...expected].some((type) => !streams.has(type))) return;
    started = true;
    void session
      .run({ stdout: (text) => write('stdout', text), stderr: (text) => write('stderr', text) }, expected.has('stdin') ? Buffer.concat(stdin).toString('utf8') : undefined)
      .then((exitCode) => (protocol === 'v4.channel.k8s.io' ? execStatus(session.argv, exitCode) : exitCode === 0 ? '' : `command terminated with non-zero exit code: ${exitCode}`))
      .catch((error: Error) => JSON.stringify({ metadata: {}, status: 'Failure', message: error.message, reason: 'InternalError' }))
      .then((status) => {
        for (const type of ['stdout', 'stderr']) {
          const id = streams.get(type);
          if (id !== undefined) spdy.send(id, Buffer.alloc(0), true);
        }
        spdy.send(streams.get('error')!, Buffer.from(status), true);
        // The client closes once it has read the error stream; close ourselves if it does not.
        setTimeout(() => spdy.close(), CLOSE_GRACE_MS).unref();
      });
  };

  const spdy: SpdySession = new SpdySession(socket, {
    onStream(streamId, headers) {
      streams.set(headers['streamtype'] ?? '', streamId);
      maybeStart();
    },
    onData(streamId, data) {
      if (streamId !== streams.get('stdin')) return;
      if (session.input) session.input(data);
      else stdin.push(data);
    },
    onStreamEnd(streamId) {
      if (streamId === streams.get('stdin')) {
        session.input?.(null);
        stdinClosed = true;
        maybeStart();
      }
    },
    onClose() {
      // A terminal ends with its connection; an emulated command finishes on its own.
      session.input?.(null);
    },
  });
}
