import type { Program } from './types.ts';
import { pathOf, send } from './agnhost/http-helpers.ts';

/** httpd / nginx: a static file server on :80 over the container filesystem under `root`. */
export function staticWebServer(root: string, index: string): Program {
  return async (ctx, scope) => {
    // Both servers stop gracefully on SIGTERM (nginx: SIGQUIT semantics are not modelled).
    scope.onTerminate(() => scope.exit(0));
    await scope.listenHttp(ctx.podIP, 80, (req, res) => {
      ctx.chargeCpu(0.1);
      const path = decodeURIComponent(pathOf(req));
      const file = `${root}${path.endsWith('/') ? `${path}${index}` : path}`;
      void ctx.fs
        .readFile(file)
        .then((body) => send(res, 200, body, file.endsWith('.html') ? 'text/html' : 'text/plain'))
        .catch(() => send(res, 404, '<html><body><h1>Not Found</h1></body></html>\n', 'text/html'));
    });
    ctx.log('stdout', `serving ${root} on port 80\n`);
    return scope.untilEnded();
  };
}
