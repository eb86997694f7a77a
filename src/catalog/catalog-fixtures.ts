import type { ConformanceTest } from './types.js';

/** A catalog test with sensible metadata, for unit tests of validation, selection and listing. */
export function catalogTest(overrides: Partial<ConformanceTest> = {}): ConformanceTest {
  return {
    id: 'deployment-rolling-update',
    area: 'deployment',
    profile: 'core',
    features: ['Deployment'],
    upstream: ['[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]'],
    description: 'A Deployment with strategy RollingUpdate MUST replace every old Pod.',
    brokenBy: [],
    run: async () => {},
    ...overrides,
  };
}
