import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { extractImports, findExclusiveTests, type ImportKind } from './extract-imports.ts';
import { maskSource } from './mask-source.ts';

/** One import of one file: who imports what, where, and how. Paths are relative to the tree root, with '/'. */
export interface ImportEdge {
  from: string;
  line: number;
  specifier: string | undefined;
  /** The file a relative specifier resolves to (or would, if it is missing); undefined for packages and computed imports. */
  target: string | undefined;
  kind: ImportKind;
  typeOnly: boolean;
}

export interface ExclusiveTest {
  file: string;
  line: number;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** `.only(` calls found in test files. */
  exclusiveTests: ExclusiveTest[];
  /** Files the scanner lost step in (see MaskedSource.inStep): their imports may be missing. */
  unreadable: string[];
}

/** The folders whose TypeScript the house import rules speak about. */
export const SCANNED_FOLDERS = ['src', 'suites', 'reference-impl', 'bench', 'compat'] as const;

const SOURCE_FILE = /\.(ts|mts|cts|tsx)$/;
const TEST_FILE = /\.test\.(ts|mts|cts|tsx)$/;

/** Reads every TypeScript file under the given folders of `root` and collects its imports. */
export function readImportGraph(root: string, folders: readonly string[] = SCANNED_FOLDERS): ImportGraph {
  const files = folders.flatMap((folder) => listSourceFiles(root, folder)).sort();
  const edges: ImportEdge[] = [];
  const exclusiveTests: ExclusiveTest[] = [];
  const unreadable: string[] = [];
  const exists = (path: string): boolean => existsSync(join(root, path)) && statSync(join(root, path)).isFile();
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const masked = maskSource(source);
    if (!masked.inStep) unreadable.push(file);
    for (const ref of extractImports(source, masked)) {
      const target = ref.specifier?.startsWith('.') ? resolveRelative(file, ref.specifier, exists) : undefined;
      edges.push({ from: file, line: ref.line, specifier: ref.specifier, target, kind: ref.kind, typeOnly: ref.typeOnly });
    }
    if (TEST_FILE.test(file)) for (const line of findExclusiveTests(source, masked)) exclusiveTests.push({ file, line });
  }
  return { files, edges, exclusiveTests, unreadable };
}

function listSourceFiles(root: string, folder: string): string[] {
  const absolute = join(root, folder);
  if (!existsSync(absolute)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...listSourceFiles(root, path));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

/**
 * Resolves a relative specifier the way NodeNext + tsx do for this repository: `./x.js` names
 * `./x.ts`, `./x.ts` names itself, an extensionless path names `x.ts` or `x/index.ts`. When no
 * candidate exists, the likeliest one (`x.ts` for `x.js`) is returned so the rules still see where it points.
 */
export function resolveRelative(from: string, specifier: string, exists: (path: string) => boolean): string {
  const written = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [written];
  const jsLike = /\.(m|c)?jsx?$/.exec(written);
  if (jsLike) {
    const stem = written.slice(0, -jsLike[0].length);
    const ts = jsLike[1] ? `.${jsLike[1]}ts` : '.ts';
    candidates.unshift(stem + ts, `${stem}.tsx`);
  } else if (!SOURCE_FILE.test(written) && !/\.\w+$/.test(written)) {
    candidates.push(`${written}.ts`, `${written}/index.ts`);
  }
  return candidates.find(exists) ?? candidates[0];
}
