import type { TestContext } from '../framework/context.js';

/** The four areas kcert certifies; each is one suite folder under suites/. */
export const AREAS = ['deployment', 'replicas', 'networking', 'health'] as const;
export type Area = (typeof AREAS)[number];

/** core: behaviour upstream conformance requires. extended: behaviour beyond it, with a named source. */
export const PROFILES = ['core', 'extended'] as const;
export type Profile = (typeof PROFILES)[number];

/** A conformance test is a value: typed metadata plus the body that checks the behaviour. */
export interface ConformanceTest {
  /** kebab-case, equal to the file name, unique, never changes. */
  readonly id: string;
  readonly area: Area;
  readonly profile: Profile;
  /** API features the test needs, e.g. 'Deployment', 'HorizontalPodAutoscaler'. */
  readonly features: readonly string[];
  /** Upstream conformance codenames this test covers (exact strings, as in conformance.yaml). */
  readonly upstream: readonly string[];
  /** What the implementation MUST (NOT) do, in one or two sentences. */
  readonly description: string;
  /** For extended tests: where the behaviour is specified (API reference page or KEP). */
  readonly source?: string;
  /**
   * Names of reference-implementation faults (`kcert reference serve --fault NAME`) under which this
   * test must fail. Checked by suites/fault-pairing.test.ts, so a test that can no longer fail is caught.
   */
  readonly brokenBy: readonly string[];
  /** Needs a data plane (real pod traffic or probes): cannot pass on clusters with fake nodes. */
  readonly needsDataPlane?: boolean;
  run(t: TestContext): Promise<void>;
}

export function defineConformanceTest(test: ConformanceTest): ConformanceTest {
  return test;
}
