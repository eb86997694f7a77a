import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = fileURLToPath(new URL('../../catalog/types.ts', import.meta.url));
const ERRORS = fileURLToPath(new URL('../../errors.ts', import.meta.url));
// The suite lives in a temporary folder outside the repository: import chai by its resolved location.
const CHAI = import.meta.resolve('chai');

/** The tests of the inline suite, one per outcome the runner must tell apart, plus one that waits forever. */
const TESTS: Record<string, { area: string; body: string }> = {
  passes: {
    area: 'deployment',
    body: `
  profile: 'core',
  upstream: ['[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]'],
  description: 'A ConfigMap MUST be creatable in the test namespace.',
  async run(t) {
    await t.step('a ConfigMap is created', () => t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { image: t.images.agnhost } }));
    t.log('created configmap web in ' + t.namespace);
  },`,
  },
  fails: {
    area: 'deployment',
    body: `
  profile: 'core',
  upstream: ['[sig-apps] Deployment deployment should delete old replica sets [Conformance]'],
  description: 'Two MUST equal three (it never does: a conformance failure).',
  async run(t) {
    await t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'evidence' }, data: {} });
    await t.step('the replica count matches', async () => expect(2, 'replicas').to.equal(3));
  },`,
  },
  errors: {
    area: 'replicas',
    body: `
  profile: 'core',
  upstream: [],
  description: 'The API MUST answer (here it never does: the test cannot check).',
  async run() {
    throw new CheckError('the API kept answering 503');
  },`,
  },
  skipped: {
    area: 'health',
    body: `
  profile: 'core',
  upstream: [],
  description: 'Probes MUST run (skipped here).',
  async run(t) {
    t.skip('needs a data plane');
  },`,
  },
  'waits-for-interrupt': {
    area: 'networking',
    body: `
  profile: 'extended',
  source: 'https://kubernetes.io/docs/reference/',
  upstream: [],
  description: 'This test MUST wait until the run is interrupted.',
  async run(t) {
    await t.step('wait for Ctrl-C', () => new Promise((resolve) => t.signal.addEventListener('abort', resolve)));
  },`,
  },
};

/**
 * Writes an inline catalog (index.ts + <area>/<id>.ts, the layout the catalog validator expects) into
 * `dir`; point KCERT_SUITES at the returned index to run it through the real CLI.
 */
export async function writeInlineSuite(dir: string): Promise<string> {
  const imports: string[] = [];
  for (const [id, { area, body }] of Object.entries(TESTS)) {
    await mkdir(join(dir, area), { recursive: true });
    const source = [
      `import { expect } from ${JSON.stringify(CHAI)};`,
      `import { defineConformanceTest } from ${JSON.stringify(TYPES)};`,
      `import { CheckError } from ${JSON.stringify(ERRORS)};`,
      `void expect; void CheckError;`,
      `export default defineConformanceTest({`,
      `  id: ${JSON.stringify(id)}, area: ${JSON.stringify(area)}, features: [], brokenBy: [],${body}`,
      `});`,
      '',
    ].join('\n');
    await writeFile(join(dir, area, `${id}.ts`), source);
    imports.push(`import t${imports.length} from './${area}/${id}.ts';`);
  }
  // Outside the repository, the files need their own "type": "module" to load as ESM.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  const index = join(dir, 'index.ts');
  await writeFile(index, `${imports.join('\n')}\nexport const ALL_TESTS = [${imports.map((_, i) => `t${i}`).join(', ')}];\n`);
  return index;
}
