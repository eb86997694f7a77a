/**
 * Accept header parsing. Kubernetes clients list their preferences in order and encode the
 * wanted representation in parameters (`as=Table;g=meta.k8s.io;v=v1`).
 */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [];
  const ranges = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [type, ...rawParams] = part.split(';').map((piece) => piece.trim());
      const params: Record<string, string> = {};
      for (const raw of rawParams) {
        const eq = raw.indexOf('=');
        if (eq > 0) params[raw.slice(0, eq).trim().toLowerCase()] = raw.slice(eq + 1).trim().replace(/^"|"$/g, '');
      }
      const q = params.q !== undefined && !Number.isNaN(Number(params.q)) ? Number(params.q) : 1;
      delete params.q;
      return { type: (type ?? '').toLowerCase(), params, q };
    });
  // Stable sort: equal q keeps the client's order.
  return ranges.map((range, index) => ({ range, index })).sort((a, b) => b.range.q - a.range.q || a.index - b.index).map(({ range }) => range);
}

export type ObjectRepresentation = { kind: 'object' } | { kind: 'table'; version: 'v1' | 'v1beta1' } | { kind: 'partialMetadata'; version: 'v1' | 'v1beta1' };

function isJsonType(type: string): boolean {
  return type === 'application/json' || type === '*/*' || type === 'application/*';
}

/**
 * The representation for a GET/LIST/WATCH response, or undefined when nothing in the Accept
 * list can be served (406). tabular: whether the endpoint can answer with a Table.
 */
export function negotiateObject(header: string | undefined, tabular: boolean): ObjectRepresentation | undefined {
  const ranges = parseAccept(header);
  if (ranges.length === 0) return { kind: 'object' };
  for (const range of ranges) {
    const { as, g, v } = range.params;
    if (as === 'Table' && tabular && range.type === 'application/json' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      return { kind: 'table', version: v };
    }
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && range.type === 'application/json' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      return { kind: 'partialMetadata', version: v };
    }
    if (as) continue;
    if (isJsonType(range.type) || range.type === 'application/yaml') return { kind: 'object' };
  }
  return undefined;
}
