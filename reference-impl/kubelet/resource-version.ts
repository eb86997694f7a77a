/**
 * Whether an object the informer delivers is older than the one the kubelet already holds (for
 * example its own last status write). resourceVersions are opaque to clients in general; the
 * reference API server's are decimal store revisions, so a numeric comparison is sound here, and
 * anything that is not a decimal counts as newer so the kubelet never ignores an update it cannot order.
 */
export function isOlderVersion(incoming: string | undefined, current: string | undefined): boolean {
  if (!incoming || !current || !/^\d+$/.test(incoming) || !/^\d+$/.test(current)) return false;
  return BigInt(incoming) < BigInt(current);
}
