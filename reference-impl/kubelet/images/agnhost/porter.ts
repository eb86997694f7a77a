import { Flags } from '../flags.ts';
import type { Program } from '../types.ts';
import { sniffContentType } from './content-sniffing.ts';
import { send, sendJson } from './http-helpers.ts';

/**
 * agnhost porter: serves the value of SERVE_PORT_n (HTTP), SERVE_TLS_PORT_n (HTTPS),
 * SERVE_TCP_PORT_n and SERVE_UDP_PORT_n on port n. With --json-response the HTTP body is
 * `{"Method": ..., "Body": ...}`; otherwise the value is written with the Content-Type Go would sniff.
 */
export const porter: Program = async (ctx, scope) => {
  const json = new Flags(ctx.argv.slice(2), ['json-response']).bool('json-response', false);
  const started: Promise<unknown>[] = [];
  for (const [name, value] of Object.entries(ctx.env)) {
    const match = /^SERVE_(TLS_|TCP_|UDP_)?PORT_(\d+)$/.exec(name);
    if (!match) continue;
    const port = Number(match[2]);
    const kind = match[1] ?? '';
    if (kind === '' || kind === 'TLS_') {
      started.push(
        scope.listenHttp(
          ctx.podIP,
          port,
          (req, res) => (json ? sendJson(res, 200, { Method: req.method, Body: value }) : send(res, 200, value, sniffContentType(value))),
          { tls: kind === 'TLS_' },
        ),
      );
    } else if (kind === 'TCP_') {
      started.push(scope.listenTcp(ctx.podIP, port, (socket) => socket.on('error', () => undefined).end(value)));
    } else {
      started.push(scope.listenUdp(ctx.podIP, port, (_msg, from, socket) => socket.send(value, from.port, from.address)));
    }
  }
  await Promise.all(started);
  return scope.untilEnded();
};
