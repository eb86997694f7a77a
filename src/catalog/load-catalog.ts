import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import type { ConformanceTest } from './types.js';
import { validateCatalog } from './validate.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CATALOG_INDEX = join(REPO_ROOT, 'suites', 'index.ts');

/**
 * Where the catalog comes from. KCERT_SUITES names another index file exporting ALL_TESTS: the runner's
 * black-box tests use it to run an inline suite through the real CLI.
 */
export function catalogIndexPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KCERT_SUITES ? resolve(env.KCERT_SUITES) : DEFAULT_CATALOG_INDEX;
}

/** Loads and validates the catalog; a broken catalog is a configuration error (exit 2) naming every problem. */
export async function loadCatalog(indexPath: string = catalogIndexPath()): Promise<ConformanceTest[]> {
  if (!existsSync(indexPath)) throw new ConfigError(`the test catalog ${indexPath} does not exist`);
  let module: { ALL_TESTS?: unknown };
  try {
    module = (await import(pathToFileURL(indexPath).href)) as { ALL_TESTS?: unknown };
  } catch (error) {
    throw new ConfigError(`cannot load the test catalog ${indexPath}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(module.ALL_TESTS)) throw new ConfigError(`the test catalog ${indexPath} does not export an ALL_TESTS array`);
  const tests = module.ALL_TESTS as ConformanceTest[];
  const folder = dirname(indexPath);
  const problems = validateCatalog(tests, { fileExists: (area, id) => existsSync(join(folder, area, `${id}.ts`)) });
  if (problems.length > 0) {
    throw new ConfigError(
      `the test catalog ${indexPath} is invalid: ${problems.map((p) => `${p.id}: ${p.problem}`).join('; ')}`,
    );
  }
  return tests;
}
