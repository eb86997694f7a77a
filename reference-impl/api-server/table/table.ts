import type { KubeObject } from '../registry/types.ts';
import { printerFor } from './columns.ts';

/**
 * meta.k8s.io Table responses for `kubectl get`. Rows carry the object as asked by
 * includeObject: None, Metadata (PartialObjectMetadata, the default) or Object.
 */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  include: IncludeObject;
  now: Date;
  /** Column definitions are omitted from watch events after the first (kubectl reuses them). */
  withColumns?: boolean;
}

export function partialObjectMetadata(object: KubeObject, version: 'v1' | 'v1beta1'): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

function row(object: KubeObject, options: TableOptions) {
  const cells = printerFor(object.kind ?? '').cells(object as Record<string, any>, options.now);
  const entry: Record<string, unknown> = { cells };
  if (options.include === 'Object') entry.object = object;
  else if (options.include === 'Metadata') entry.object = partialObjectMetadata(object, options.version);
  return entry;
}

export function toTable(kind: string, objects: KubeObject[], listMeta: Record<string, unknown>, options: TableOptions): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: listMeta,
    columnDefinitions: options.withColumns === false ? [] : printerFor(kind).columns,
    rows: objects.map((object) => row(object, options)),
  };
}
