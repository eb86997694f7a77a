/**
 * A predicate is a named condition on what the API shows. Waits report its description as the expected
 * state and its `observed` text as the last state seen, so a failure reads
 * "expected: 3 available replicas; last observed: status.availableReplicas = 1".
 */
export interface Verdict {
  ok: boolean;
  /** What was seen, naming the field: `status.availableReplicas = 1`. */
  observed: string;
}

export interface Predicate<T> {
  readonly description: string;
  check(value: T | undefined): Verdict;
}

/** Reads a dotted path (`status.conditions`, `metadata.labels.app`) from a JSON object. */
export function readField(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function show(value: unknown): string {
  if (value === undefined) return '<unset>';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A condition on one field of an object; the object being absent counts as not met. */
export function fieldMatches<T>(description: string, path: string, accept: (fieldValue: unknown) => boolean): Predicate<T> {
  return {
    description,
    check(object) {
      if (object === undefined) return { ok: false, observed: 'the object does not exist' };
      const fieldValue = readField(object, path);
      return { ok: accept(fieldValue), observed: `${path} = ${show(fieldValue)}` };
    },
  };
}

/** `field == expected`, treating an unset integer status field as 0 (the API omits zero counts). */
export function fieldEquals<T>(description: string, path: string, expected: unknown): Predicate<T> {
  return fieldMatches(description, path, (value) => (value ?? (typeof expected === 'number' ? 0 : undefined)) === expected);
}

export function allOf<T>(...predicates: Array<Predicate<T>>): Predicate<T> {
  return {
    description: predicates.map((p) => p.description).join(' and '),
    check(value) {
      const verdicts = predicates.map((p) => p.check(value));
      const failing = verdicts.filter((v) => !v.ok);
      const shown = failing.length > 0 ? failing : verdicts;
      return { ok: failing.length === 0, observed: [...new Set(shown.map((v) => v.observed))].join('; ') };
    },
  };
}

export function anyOf<T>(...predicates: Array<Predicate<T>>): Predicate<T> {
  return {
    description: predicates.map((p) => p.description).join(' or '),
    check(value) {
      const verdicts = predicates.map((p) => p.check(value));
      return { ok: verdicts.some((v) => v.ok), observed: [...new Set(verdicts.map((v) => v.observed))].join('; ') };
    },
  };
}

export function not<T>(predicate: Predicate<T>, description = `not ${predicate.description}`): Predicate<T> {
  return {
    description,
    check(value) {
      const verdict = predicate.check(value);
      return { ok: !verdict.ok, observed: verdict.observed };
    },
  };
}

/** A predicate written inline: `check` returns the verdict, or a boolean plus the observation text. */
export function satisfies<T>(description: string, check: (value: T | undefined) => Verdict): Predicate<T> {
  return { description, check };
}
