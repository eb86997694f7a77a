import { stableStringify } from '../shared/json.ts';
import { POD_TEMPLATE_HASH } from './annotations.ts';
import type { PodTemplate } from './types.ts';

/** Upstream's rand.SafeEncodeString alphabet: no vowels, no look-alike characters. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The pod-template-hash: FNV-1a (32 bit) over the template, plus collisionCount when set, printed
 * in decimal and mapped through the safe alphabet, as upstream's ComputeHash does. The input is our
 * own stable JSON rather than Go's deep printer, so values differ from upstream's (no test checks
 * the value), but the shape, stability and collision handling are the same.
 */
export function computeHash(template: PodTemplate, collisionCount?: number): string {
  let hash = 0x811c9dc5;
  const feed = (bytes: Uint8Array) => {
    for (const byte of bytes) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  };
  feed(new TextEncoder().encode(stableStringify(template)));
  if (collisionCount !== undefined) {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, collisionCount >>> 0, true);
    feed(count);
  }
  return [...String(hash >>> 0)].map((digit) => ALPHANUMS[digit.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/**
 * Semantic equality of two pod templates ignoring the pod-template-hash label (EqualIgnoreHash):
 * absent, null, empty maps and empty lists count as equal, as in apimachinery's Semantic.DeepEqual.
 */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return stableStringify(normalize(withoutHash(a))) === stableStringify(normalize(withoutHash(b)));
}

/** A copy of the template without the hash label. */
export function withoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    const { [POD_TEMPLATE_HASH]: _hash, ...labels } = copy.metadata.labels;
    copy.metadata.labels = labels;
  }
  return copy;
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.length === 0 ? undefined : items;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => [key, normalize(inner)] as const)
      .filter(([, inner]) => inner !== undefined && inner !== null);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}
