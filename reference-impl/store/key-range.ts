/**
 * Prefix arithmetic shared by the backends. A prefix matches keys that start with it, nothing
 * more: callers pass prefixes ending in '/', so `/registry/pods/` never matches
 * `/registry/podsecuritypolicies/…`.
 */

export function hasPrefix(key: string, prefix: string): boolean {
  return key.startsWith(prefix);
}

/**
 * The smallest string greater than every string starting with prefix (etcd's "range end"):
 * the prefix with its last character incremented. Keys are ASCII paths, so a code-unit bump
 * is enough; an empty prefix has no end (undefined: unbounded).
 */
export function prefixEnd(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xffff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  return undefined;
}
