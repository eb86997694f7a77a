/**
 * A derived observation a wait can poll when no single object or list holds the answer, e.g. "the old
 * ReplicaSets of web" (computed from the Deployment and its ReplicaSets).
 */
export class Probe<T> {
  constructor(
    readonly subject: string,
    readonly read: () => Promise<T | undefined>,
  ) {}
}

export function probe<T>(subject: string, read: () => Promise<T | undefined>): Probe<T> {
  return new Probe(subject, read);
}
