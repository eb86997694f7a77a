import { Flags } from '../flags.ts';
import type { Program } from '../types.ts';
import { pathOf, send } from './http-helpers.ts';

/**
 * agnhost test-webserver: Go's http.FileServer over the container filesystem, rooted at `/`.
 * The DNS tests read their result files through it (`/results/<name>`).
 */
export const testWebserver: Program = async (ctx, scope) => {
  const port = new Flags(ctx.argv.slice(2)).int('port', 80);
  await scope.listenHttp(ctx.podIP, port, (req, res) => {
    ctx.chargeCpu(0.1);
    const path = decodeURIComponent(pathOf(req));
    void (async () => {
      if (!(await ctx.fs.exists(path))) return send(res, 404, '404 page not found\n');
      const stat = await ctx.fs.stat(path);
      if (stat.isDirectory) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { Location: `${path}/` });
          return res.end();
        }
        const entries = (await ctx.fs.readdir(path)).sort();
        const links: string[] = [];
        for (const entry of entries) {
          const isDir = (await ctx.fs.stat(`${path}${entry}`)).isDirectory;
          const name = isDir ? `${entry}/` : entry;
          links.push(`<a href="${encodeURI(name)}">${name}</a>`);
        }
        return send(res, 200, `<pre>\n${links.join('\n')}${links.length ? '\n' : ''}</pre>\n`, 'text/html; charset=utf-8');
      }
      return send(res, 200, await ctx.fs.readFile(path));
    })().catch(() => send(res, 500, 'internal error'));
  });
  return scope.untilEnded();
};
