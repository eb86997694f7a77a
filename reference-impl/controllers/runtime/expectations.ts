/**
 * Controller expectations: before creating or deleting N objects for an owner, the controller
 * records that it expects to observe N creations/deletions. Until the informer has reported them
 * (or the record is older than the TTL), the owner's cache view is stale and the controller must
 * not act on counts again: this is what prevents double creation.
 */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Record {
  adds: number;
  deletes: number;
  /** Uids of objects whose deletion we still wait to observe. */
  deletingUids: Set<string>;
  at: number;
}

export class Expectations {
  private readonly records = new Map<string, Record>();

  constructor(private readonly ttlMs = EXPECTATIONS_TTL_MS, private readonly now: () => number = Date.now) {}

  /** True when nothing is outstanding for the owner (or the record expired). */
  satisfied(ownerKey: string): boolean {
    const record = this.records.get(ownerKey);
    if (!record) return true;
    if (record.adds <= 0 && record.deletes <= 0) return true;
    return this.now() - record.at > this.ttlMs;
  }

  expectCreations(ownerKey: string, count: number): void {
    this.records.set(ownerKey, { adds: count, deletes: 0, deletingUids: new Set(), at: this.now() });
  }

  expectDeletions(ownerKey: string, uids: string[]): void {
    this.records.set(ownerKey, { adds: 0, deletes: uids.length, deletingUids: new Set(uids), at: this.now() });
  }

  creationObserved(ownerKey: string): void {
    const record = this.records.get(ownerKey);
    if (record) record.adds--;
  }

  /** Counts a deletion once per uid (a pod may be seen terminating and then gone). */
  deletionObserved(ownerKey: string, uid?: string): void {
    const record = this.records.get(ownerKey);
    if (!record) return;
    if (uid !== undefined) {
      if (!record.deletingUids.delete(uid)) return;
    }
    record.deletes--;
  }

  /** Creations that failed or were never attempted will never be observed. */
  lowerCreations(ownerKey: string, count: number): void {
    const record = this.records.get(ownerKey);
    if (record) record.adds -= count;
  }

  lowerDeletion(ownerKey: string, uid: string): void {
    this.deletionObserved(ownerKey, uid);
  }

  delete(ownerKey: string): void {
    this.records.delete(ownerKey);
  }
}
