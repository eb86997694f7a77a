/**
 * Patch engines: JSON patch, JSON merge patch, strategic merge patch and server-side apply.
 * Owned by the api-semantics work; the core only depends on this file's exports.
 */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchRequest {
  type: PatchType;
  /** apiVersion/kind of the target, to look up merge keys and field schemas. */
  apiVersion: string;
  kind: string;
  /** The stored object (undefined: server-side apply creates it). */
  current: Record<string, unknown> | undefined;
  /** The raw request body (JSON or, for apply, YAML). */
  body: string;
  fieldManager?: string;
  force?: boolean;
}

/** Thrown for a patch the server must refuse; status is the HTTP code (400, 409, 415, 422). */
export class PatchError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly causes: Array<{ reason: string; field: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

export function contentTypeToPatchType(contentType: string): PatchType | undefined {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  switch (base) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      return undefined;
  }
}

/** Returns the patched object (managedFields updated for apply). Not yet implemented beyond this contract. */
export async function applyPatch(request: PatchRequest): Promise<Record<string, unknown>> {
  throw new PatchError(415, `patch type ${request.type} is not supported yet`);
}
