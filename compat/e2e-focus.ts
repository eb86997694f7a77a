// Plans how e2e.test runs the chosen codenames: a ginkgo focus regex that matches exactly those
// full spec names, split into shards that run as separate e2e.test processes (the binary alone runs
// specs serially; a few processes overlap the long waits of probe and session-affinity tests).

/** Escapes a literal for Go's RE2 syntax (what --ginkgo.focus compiles). */
export function escapeRe2(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * A regex that matches each given full spec name, ending at the end of the text and starting at the
 * start or after a space: Ginkgo puts something before the spec text when it matches the focus (a
 * plain `^` anchor selects nothing; found on e2e.test v1.36.3), so a strict start anchor is impossible.
 * The lane checks with --ginkgo.dry-run that the focus selects exactly the wanted specs.
 */
export function focusRegex(codenames: readonly string[]): string {
  if (codenames.length === 0) throw new Error('focusRegex needs at least one codename');
  return `(?:^| )(?:${codenames.map(escapeRe2).join('|')})$`;
}

/**
 * Deals codenames round-robin into `count` shards after sorting the known-slow ones first, so each
 * shard gets a similar share of long waits. Returns only non-empty shards.
 */
export function shardCodenames(codenames: readonly string[], count: number, isSlow: (codename: string) => boolean): string[][] {
  const n = Math.max(1, Math.floor(count));
  const ordered = [...codenames.filter(isSlow), ...codenames.filter((c) => !isSlow(c))];
  const shards: string[][] = Array.from({ length: n }, () => []);
  ordered.forEach((c, i) => shards[i % n].push(c));
  return shards.filter((s) => s.length > 0);
}

/**
 * Tests that wait minutes by design (liveness "not restarted" watches, restart counts, affinity
 * switches), or for up to 15 minutes when their pod does not start (DNS probers, slow pod start).
 */
export function isSlowConformanceTest(codename: string): boolean {
  return /Probing container|session affinity|Service endpoints latency|readiness probe|\] DNS /.test(codename);
}
