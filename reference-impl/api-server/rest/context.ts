import type { FaultSet } from '../../faults.ts';
import type { ObjectStore } from '../object-store.ts';
import type { KubeObject, ResourceInfo } from '../registry/types.ts';

/** What every REST operation needs from the server; one per API server. */
export interface ApiContext {
  objects: ObjectStore;
  faults: FaultSet;
  now(): Date;
  log(line: string): void;
  /**
   * Admission run on create and update after defaulting and validation (quota, limit ranges,
   * Service IP allocation); throws ApiError to refuse. May change the object.
   */
  admit(operation: 'CREATE' | 'UPDATE', info: ResourceInfo, object: KubeObject, old: KubeObject | undefined, dryRun: boolean): Promise<void>;
  /** Called after an object is removed from storage (release allocations). */
  released(info: ResourceInfo, object: KubeObject): Promise<void>;
}

/** One resource request as the REST layer sees it. */
export interface ResourceRequest {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  userAgent?: string;
}

export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

/** How one write is carried out. */
export interface WriteOptions {
  dryRun: boolean;
  /** Field manager recorded in managedFields (undefined: the write is not recorded). */
  manager?: string;
  /** The object already carries its managedFields (server-side apply computed them). */
  managedFieldsDone?: boolean;
}

/** The fieldManager parameter, or upstream's default: the User-Agent up to its first '/'. */
export function writeOptionsFor(req: ResourceRequest): WriteOptions {
  const given = req.query.get('fieldManager');
  const manager = given ?? ((req.userAgent ?? '').split('/')[0]!.replace(/\p{C}/gu, '').slice(0, 128) || 'unknown');
  return { dryRun: isDryRun(req.query), manager };
}
