import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecResult } from '../../kubelet/images/types.ts';
import { execStatus } from './exec-websocket.ts';
import { SpdySession } from './spdy-session.ts';
import { acceptSpdy } from './spdy-upgrade.ts';

/**
 * pods/exec over SPDY/3.1, what kubectl 1.27–1.29 use (and later versions fall back to): the
 * client opens one stream per standard stream (`streamtype` header: error, stdin, stdout,
 * stderr, resize); once all expected streams exist (and stdin, if any, is closed) the command
 * runs, its output is written and every stream is finished; the status goes to the error stream.
 */
export const EXEC_SPDY_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

const CLOSE_GRACE_MS = 2_000;

export function upgradeExecSpdy(req: IncomingMessage, socket: Duplex, query: URLSearchParams, run: (argv: string[], stdin: string | undefined) => Promise<ExecResult>): void {
  const protocol = acceptSpdy(req, socket, EXEC_SPDY_PROTOCOLS);
  if (!protocol) return;
  const flag = (name: string): boolean => query.get(name) === 'true' || query.get(name) === '1';
  const argv = query.getAll('command');
  const expected = new Set(['error', ...(['stdin', 'stdout', 'stderr'] as const).filter(flag), ...(flag('tty') && protocol !== 'channel.k8s.io' && protocol !== 'v2.channel.k8s.io' ? ['resize'] : [])]);
  const streams = new Map<string, number>();
  const stdin: Buffer[] = [];
  let stdinClosed = !expected.has('stdin');
  let started = false;

  const maybeStart = (): void => {
    if (started || !stdinClosed || [...expected].some((type) => !streams.has(type))) return;
    started = true;
    void run(argv, expected.has('stdin') ? Buffer.concat(stdin).toString('utf8') : undefined)
      .then((result) => ({ result, status: protocol === 'v4.channel.k8s.io' ? execStatus(argv, result.exitCode) : result.exitCode === 0 ? '' : `command terminated with non-zero exit code: ${result.exitCode}` }))
      .catch((error: Error) => ({ result: { stdout: '', stderr: '', exitCode: 1 }, status: JSON.stringify({ metadata: {}, status: 'Failure', message: error.message, reason: 'InternalError' }) }))
      .then(({ result, status }) => {
        const stdout = streams.get('stdout');
        const stderr = streams.get('stderr');
        if (stdout !== undefined) session.send(stdout, Buffer.from(result.stdout), true);
        if (stderr !== undefined) session.send(stderr, Buffer.from(result.stderr), true);
        session.send(streams.get('error')!, Buffer.from(status), true);
        // The client closes once it has read the error stream; close ourselves if it does not.
        setTimeout(() => session.close(), CLOSE_GRACE_MS).unref();
      });
  };

  const session: SpdySession = new SpdySession(socket, {
    onStream(streamId, headers) {
      const type = headers['streamtype'] ?? '';
      streams.set(type, streamId);
      maybeStart();
    },
    onData(streamId, data) {
      if (streamId === streams.get('stdin')) stdin.push(data);
    },
    onStreamEnd(streamId) {
      if (streamId === streams.get('stdin')) {
        stdinClosed = true;
        maybeStart();
      }
    },
    onClose() {
      // Nothing to release: the emulated command finishes on its own.
    },
  });
}
