/**
 * Admission decides from the objects already stored, but the object it admits is written a moment
 * later. Reservations close that gap: checks run one at a time per scope, and an admitted object
 * counts until it shows up in storage (by uid) or its reservation expires.
 */
export interface Reservation<T> {
  uid: string;
  value: T;
  expiresAt: number;
}

export class Reservations<T> {
  private readonly byScope = new Map<string, Array<Reservation<T>>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs fn alone for this scope (e.g. a namespace): no two checks interleave. */
  async exclusive<R>(scope: string, fn: () => Promise<R>): Promise<R> {
    const previous = this.locks.get(scope) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(() => undefined, () => undefined);
    this.locks.set(scope, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(scope) === settled) this.locks.delete(scope);
    }
  }

  /** Live reservations of the scope whose object is not (yet) among the stored uids. */
  pending(scope: string, storedUids: ReadonlySet<string>): T[] {
    const now = this.now();
    const live = (this.byScope.get(scope) ?? []).filter((entry) => entry.expiresAt > now && !storedUids.has(entry.uid));
    if (live.length === 0) this.byScope.delete(scope);
    else this.byScope.set(scope, live);
    return live.map((entry) => entry.value);
  }

  reserve(scope: string, uid: string, value: T): void {
    const list = (this.byScope.get(scope) ?? []).filter((entry) => entry.uid !== uid);
    list.push({ uid, value, expiresAt: this.now() + this.ttlMs });
    this.byScope.set(scope, list);
  }
}
