import { Flags } from '../flags.ts';
import type { Program } from '../types.ts';
import { send } from './http-helpers.ts';

/**
 * agnhost serve-hostname: answers every HTTP request (or TCP connection / UDP datagram) with the
 * pod's hostname. On SIGTERM it lingers 60 s before exiting, as upstream does, so deletion
 * honours the grace period.
 */
export const serveHostname: Program = async (ctx, scope) => {
  const flags = new Flags(ctx.argv.slice(2), ['http', 'tcp', 'udp', 'close']);
  const port = flags.int('port', 9376);
  const tcp = flags.bool('tcp', false);
  const udp = flags.bool('udp', false);
  const http = flags.bool('http', !tcp && !udp);
  const close = flags.bool('close', false);
  if (http && (tcp || udp)) {
    ctx.log('stderr', "Can't use both TCP/UDP and HTTP modes\n");
    return 1;
  }
  if (http) {
    await scope.listenHttp(ctx.podIP, port, (_req, res) => {
      ctx.chargeCpu(0.1);
      if (close) res.setHeader('Connection', 'close');
      send(res, 200, ctx.hostname);
    });
  }
  if (tcp) {
    await scope.listenTcp(ctx.podIP, port, (socket) => {
      socket.on('error', () => undefined);
      socket.end(ctx.hostname);
    });
  }
  if (udp) {
    await scope.listenUdp(ctx.podIP, port, (_msg, from, socket) => socket.send(ctx.hostname, from.port, from.address));
  }
  ctx.log('stdout', `Serving on port ${port}.\n`);
  scope.onTerminate(() => {
    ctx.log('stdout', 'Exiting in 60 seconds\n');
    void scope.sleep(60_000).then(() => scope.exit(0));
  });
  return scope.untilEnded();
};
