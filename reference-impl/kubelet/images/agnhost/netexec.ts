import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpFetch, udpExchange } from '../net/clients.ts';
import { PodResolver } from '../net/resolver.ts';
import { Flags } from '../flags.ts';
import type { ContainerContext, Program } from '../types.ts';
import type { ProcessScope } from '../process-scope.ts';
import { parseGoDuration, pathOf, query, send, sendJson } from './http-helpers.ts';

/**
 * agnhost netexec: the general-purpose test server. HTTP endpoints for hostname, echo, client IP,
 * shell, exit and the pod-to-pod `/dial` fan-out; a UDP server answering `hostname`, `echo`,
 * `clientip`.
 */
export const netexec: Program = async (ctx, scope) => {
  const flags = new Flags(ctx.argv.slice(2));
  const httpPort = flags.int('http-port', 8080);
  const udpPort = flags.int('udp-port', 8081);
  const override = flags.string('http-override', '');
  let udpStarted = false;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    ctx.chargeCpu(0.2);
    void route(ctx, scope, override || pathOf(req), req, res, () => udpStarted).catch((error: Error) => send(res, 500, error.message));
  };
  await scope.listenHttp(ctx.podIP, httpPort, handler, { tls: flags.string('tls-cert-file', '') !== '' });
  ctx.log('stdout', `Started HTTP server on port ${httpPort}\n`);
  if (udpPort > 0) {
    await scope.listenUdp(ctx.podIP, udpPort, (msg, from, socket) => {
      const reply = udpReply(ctx, msg.toString('utf8'), from);
      if (reply !== undefined) socket.send(reply, from.port, from.address);
    });
    udpStarted = true;
    ctx.log('stdout', `Started UDP server on port ${udpPort}\n`);
  }
  return scope.untilEnded();
};

export function udpReply(ctx: Pick<ContainerContext, 'hostname'>, message: string, from: { address: string; port: number }): string | undefined {
  const command = message.trim();
  const [verb, ...rest] = command.split(' ');
  switch (verb?.toLowerCase()) {
    case 'hostname':
      return ctx.hostname;
    case 'echo':
      return rest.join(' ');
    case 'clientip':
      return `${from.address}:${from.port}`;
    default:
      return undefined;
  }
}

async function route(
  ctx: ContainerContext,
  scope: ProcessScope,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  udpStarted: () => boolean,
): Promise<void> {
  const params = query(req);
  switch (path) {
    case '/':
      return send(res, 200, `NOW: ${new Date().toISOString()}`);
    case '/clientip':
      return send(res, 200, `${req.socket.remoteAddress}:${req.socket.remotePort}`);
    case '/hostname':
    case '/hostName':
      return send(res, 200, ctx.hostname);
    case '/echo': {
      const code = Number(params.get('code') ?? 200);
      return send(res, Number.isInteger(code) && code >= 100 ? code : 200, params.get('msg') ?? '');
    }
    case '/healthz':
      return udpStarted() ? send(res, 200, 'ok') : send(res, 412, 'server not started');
    case '/shutdown':
      send(res, 200, '');
      scope.exit(0);
      return;
    case '/exit': {
      const code = Number(params.get('code') ?? 0);
      const wait = parseGoDuration(params.get('wait'));
      send(res, 200, '');
      await scope.sleep(wait);
      scope.exit(Number.isInteger(code) ? code : 0);
      return;
    }
    case '/redirect': {
      const location = params.get('location') ?? '/';
      const code = Number(params.get('code') ?? 302);
      res.writeHead(code, { Location: location });
      res.end();
      return;
    }
    case '/shell': {
      const command = params.get('shellCommand') ?? params.get('cmd') ?? '';
      const result = await ctx.exec(['/bin/sh', '-c', command]);
      const output: Record<string, string> = {};
      const text = result.stdout + result.stderr;
      if (text) output.output = text;
      if (result.exitCode !== 0) output.error = `exit status ${result.exitCode}`;
      return sendJson(res, result.exitCode === 0 ? 200 : 417, output);
    }
    case '/dial':
      return dial(ctx, params, res);
    default:
      return send(res, 404, '404 page not found\n');
  }
}

/** `/dial`: connect from this pod to host:port `tries` times and collect the answers. */
async function dial(ctx: ContainerContext, params: URLSearchParams, res: ServerResponse): Promise<void> {
  const request = params.get('request');
  const host = params.get('host');
  const port = params.get('port');
  const protocol = params.get('protocol') ?? 'http';
  const tries = Number(params.get('tries') ?? 1);
  if (!request || !host || !port || !Number.isInteger(tries) || tries < 1) return send(res, 400, 'missing or invalid parameters');
  if (protocol !== 'http' && protocol !== 'udp') return send(res, 400, `unsupported protocol ${protocol}`);
  const responses: string[] = [];
  const errors: string[] = [];
  const resolver = new PodResolver(ctx.resolver, ctx.podIP);
  for (let i = 0; i < tries; i++) {
    try {
      const ip = await resolver.lookup(host);
      if (protocol === 'http') {
        const path = request.startsWith('/') ? request.slice(1) : request;
        const reply = await httpFetch(`http://${ip}:${port}/${path}`, { localAddress: ctx.podIP, timeoutMs: 5000 });
        if (reply.body) responses.push(reply.body);
      } else {
        const reply = await udpExchange(ip, Number(port), request, { localAddress: ctx.podIP, waitMs: 5000 });
        if (reply) responses.push(reply);
        else errors.push(`reading from udp connection failed. err:'read udp ${ctx.podIP}->${ip}:${port}: i/o timeout'`);
      }
    } catch (error) {
      errors.push(`error trying to connect: ${(error as Error).message}`);
    }
  }
  const output: Record<string, string[]> = {};
  if (responses.length) output.responses = responses;
  if (errors.length) output.errors = errors;
  sendJson(res, 200, output);
}
