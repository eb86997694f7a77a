import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { formatCatalog } from '../src/catalog/list-format.js';
import { DEFAULT_CATALOG_INDEX, loadCatalog } from '../src/catalog/load-catalog.js';

const CONFORMANCE_MD = new URL('./CONFORMANCE.md', import.meta.url);

describe('suites/CONFORMANCE.md', () => {
  it('is exactly what `kcert list --format markdown` prints (regenerate it, never edit it)', async () => {
    const expected = formatCatalog(await loadCatalog(DEFAULT_CATALOG_INDEX), 'markdown');
    const actual = await readFile(CONFORMANCE_MD, 'utf8').catch(() => '(missing)');
    expect(actual, 'suites/CONFORMANCE.md is out of date: run `npx kcert list --format markdown > suites/CONFORMANCE.md`').to.equal(expected);
  });
});
