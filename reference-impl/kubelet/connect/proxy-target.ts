/**
 * The `[scheme:]name[:port]` form of proxy subresource names (`web`, `web:8080`, `web:http`,
 * `https:web:443`, `http:web:`), as upstream's SplitSchemeNamePort reads it.
 */
export interface ProxyName {
  scheme: 'http' | 'https' | '';
  name: string;
  port: string;
}

export class ProxyNameError extends Error {
  readonly code = 'INVALID_PROXY_NAME';
}

export function parseProxyName(id: string): ProxyName {
  const parts = id.split(':');
  if (parts.length === 1) return { scheme: '', name: parts[0]!, port: '' };
  if (parts.length === 2) return { scheme: '', name: parts[0]!, port: parts[1]! };
  if (parts.length === 3) {
    const scheme = parts[0]!;
    if (scheme !== 'http' && scheme !== 'https' && scheme !== '') throw new ProxyNameError(`invalid scheme ${JSON.stringify(scheme)} in ${JSON.stringify(id)}`);
    return { scheme, name: parts[1]!, port: parts[2]! };
  }
  throw new ProxyNameError(`invalid proxy name ${JSON.stringify(id)}`);
}

/**
 * Rewrites absolute links in an HTML body so they keep going through the proxy:
 * `<a href="/rewriteme">` → `<a href="PREFIX/rewriteme">`. Protocol-relative and external
 * links are left alone.
 */
export function rewriteLinks(html: string, prefix: string): string {
  return html.replace(/(\s(?:href|src|action)\s*=\s*)(["'])(\/(?!\/)[^"']*)\2/gi, (_whole, attribute: string, quote: string, path: string) => `${attribute}${quote}${prefix}${path}${quote}`);
}
