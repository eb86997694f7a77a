/**
 * What a request path means, parsed the way apiserver's RequestInfoFactory does it. Pure: no
 * lookups, so unknown groups or resources are decided by the router.
 */
export type RequestInfo =
  | { kind: 'nonResource'; path: string }
  | { kind: 'legacyRoot' } // GET /api
  | { kind: 'groupsRoot' } // GET /apis
  | { kind: 'group'; group: string } // GET /apis/GROUP
  | { kind: 'groupVersion'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      namespace?: string;
      resource: string;
      name?: string;
      subresource?: string;
      /** Path after the subresource (proxy), starting with '/' or ''. */
      rest: string;
    };

/** Namespace subresources that are not namespaced resources of their own. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestPath(rawPath: string): RequestInfo {
  const path = rawPath.split('?')[0]!;
  const trailingSlash = path.length > 1 && path.endsWith('/');
  const parts = path.split('/').filter((part, index, all) => index > 0 && !(index === all.length - 1 && part === ''));
  let decoded: string[];
  try {
    decoded = parts.map((part) => decodeURIComponent(part));
  } catch {
    return { kind: 'nonResource', path };
  }
  if (decoded[0] === 'api') {
    if (decoded.length === 1) return { kind: 'legacyRoot' };
    if (decoded.length === 2) return { kind: 'groupVersion', group: '', version: decoded[1]! };
    return resourcePath('', decoded[1]!, decoded.slice(2), parts.slice(2), trailingSlash) ?? { kind: 'nonResource', path };
  }
  if (decoded[0] === 'apis') {
    if (decoded.length === 1) return { kind: 'groupsRoot' };
    if (decoded.length === 2) return { kind: 'group', group: decoded[1]! };
    if (decoded.length === 3) return { kind: 'groupVersion', group: decoded[1]!, version: decoded[2]! };
    return resourcePath(decoded[1]!, decoded[2]!, decoded.slice(3), parts.slice(3), trailingSlash) ?? { kind: 'nonResource', path };
  }
  return { kind: 'nonResource', path };
}

function resourcePath(group: string, version: string, parts: string[], rawParts: string[], trailingSlash: boolean): RequestInfo | undefined {
  let namespace: string | undefined;
  let rest = parts;
  let raw = rawParts;
  if (rest[0] === 'namespaces' && rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
    raw = raw.slice(2);
  }
  const [resource, name, subresource] = rest;
  const tail = raw.slice(3);
  if (!resource) return undefined;
  // Proxy paths keep the remainder as sent (still encoded), including a trailing slash.
  const remainder = tail.length > 0 ? '/' + tail.join('/') + (trailingSlash ? '/' : '') : subresource && trailingSlash ? '/' : '';
  return { kind: 'resource', group, version, namespace, resource, name, subresource, rest: remainder };
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export function verbFor(method: string, hasName: boolean, query: URLSearchParams): Verb | undefined {
  const watch = query.get('watch');
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch === 'true' || watch === '1') return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}
