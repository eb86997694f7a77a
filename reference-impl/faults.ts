/**
 * Deliberately broken behaviours, switched on by name with `kcert reference serve --fault NAME`.
 * Each conformance test names the faults that must make it fail (ConformanceTest.brokenBy).
 * A fault is off unless named; the default behaviour never depends on this table.
 * Add one entry per fault, grouped by the component that honours it.
 */
export interface FaultDefinition {
  component: 'api-server' | 'controllers' | 'scheduler' | 'kubelet' | 'proxy' | 'dns';
  description: string;
}

export const FAULTS = {
} as const satisfies Record<string, FaultDefinition>;

export type FaultName = keyof typeof FAULTS;

/** The set of faults one cluster runs with; components ask it, never a global. */
export class FaultSet {
  private readonly on: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    const unknown = names.filter((name) => !(name in FAULTS));
    if (unknown.length > 0) {
      throw new Error(`unknown fault ${unknown.join(', ')}: see kcert reference serve --list-faults`);
    }
    this.on = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  get names(): string[] {
    return [...this.on];
  }
}
