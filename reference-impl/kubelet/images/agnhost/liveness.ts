import type { Program } from '../types.ts';
import { pathOf, query, send } from './http-helpers.ts';

/** agnhost liveness: `/healthz` on :8080 is 200 for the first 10 s after start, then 500. */
export const liveness: Program = async (ctx, scope) => {
  const started = Date.now();
  await scope.listenHttp(ctx.podIP, 8080, (req, res) => {
    const elapsed = (Date.now() - started) / 1000;
    switch (pathOf(req)) {
      case '/healthz':
        return elapsed > 10 ? send(res, 500, `error: ${elapsed}`) : send(res, 200, 'ok');
      case '/started':
        return send(res, 200, `${elapsed}`);
      case '/redirect': {
        res.writeHead(302, { Location: query(req).get('loc') ?? '/' });
        res.end();
        return;
      }
      default:
        return send(res, 404, '404 page not found\n');
    }
  });
  return scope.untilEnded();
};
