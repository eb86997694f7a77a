import { maskSource, type MaskedSource } from './mask-source.ts';

/** How a module is pulled in; each kind is a way one file can come to depend on another. */
export type ImportKind = 'import' | 'export-from' | 'side-effect' | 'dynamic' | 'import-equals' | 'require';

export interface ImportRef {
  /** The module specifier as written, or undefined for a dynamic import of a computed value. */
  specifier: string | undefined;
  kind: ImportKind;
  /** True when nothing of the module exists at run time: `import type`, all-`type` named imports, `import('x').T` in a type. */
  typeOnly: boolean;
  /** 1-based line of the import keyword. */
  line: number;
}

const KEYWORD = /(?<![\w$.])(import|export|require)\b/g;
/** `import … from '…'` and `export … from '…'`; the clause is names, braces, commas, `*` and `as` only. */
const FROM_CLAUSE = /(import|export)\s*(type\b)?\s*([\w$*{},\s]*?)\s*\bfrom\s*(['"])/y;
const SIDE_EFFECT = /import\s*(['"])/y;
const DYNAMIC = /import\s*\(\s*(['"]?)/y;
const IMPORT_EQUALS = /import\s+(type\s+)?[\w$]+\s*=\s*require\s*\(\s*(['"])/y;
const REQUIRE = /require\s*\(\s*(['"])/y;
/** Text before `import(` that puts it in a type position: `x: import('m').T`, `A | import(…)`, `type T = import(…)`. */
const TYPE_POSITION_BEFORE = /(?:[:|&<]|\btype\s+[\w$]+(?:<[^>]*>)?\s*=|\btypeof)\s*$/;

/** Every import, `export … from`, dynamic import and require of a TypeScript source, in source order. */
export function extractImports(source: string, masked: MaskedSource = maskSource(source)): ImportRef[] {
  const lineOf = lineLocator(source);
  const refs: ImportRef[] = [];
  // The `require(` of `import x = require('m')` is part of that import, not a second one.
  let insideImportUntil = -1;
  for (const match of masked.code.matchAll(KEYWORD)) {
    const at = match.index;
    if (at < insideImportUntil) continue;
    const ref = readImportAt(masked, at, match[1]);
    if (!ref) continue;
    refs.push({ ...ref, line: lineOf(at) });
    if (ref.kind === 'import-equals') insideImportUntil = masked.code.indexOf(')', at);
  }
  return refs;
}

function readImportAt(masked: MaskedSource, at: number, keyword: string): Omit<ImportRef, 'line'> | undefined {
  const { code, strings } = masked;
  const stringAt = (quote: number): string | undefined => strings.get(quote);
  if (keyword === 'require') {
    const m = sticky(REQUIRE, code, at);
    return m ? { specifier: stringAt(at + m[0].length - 1), kind: 'require', typeOnly: false } : undefined;
  }
  const from = sticky(FROM_CLAUSE, code, at);
  if (from && !/\b(import|export)\b/.test(from[3])) {
    const kind = from[1] === 'import' ? 'import' : 'export-from';
    return { specifier: stringAt(at + from[0].length - 1), kind, typeOnly: Boolean(from[2]) || allNamesAreTypes(from[3]) };
  }
  if (keyword !== 'import') return undefined;
  const sideEffect = sticky(SIDE_EFFECT, code, at);
  if (sideEffect) return { specifier: stringAt(at + sideEffect[0].length - 1), kind: 'side-effect', typeOnly: false };
  const equals = sticky(IMPORT_EQUALS, code, at);
  if (equals) return { specifier: stringAt(at + equals[0].length - 1), kind: 'import-equals', typeOnly: Boolean(equals[1]) };
  const dynamic = sticky(DYNAMIC, code, at);
  if (dynamic) {
    const quote = at + dynamic[0].length - 1;
    const close = dynamic[1] === '' ? -1 : code.indexOf(dynamic[1], quote + 1);
    // import('./a' + name) is computed: only a lone literal names the module.
    const literal = close !== -1 && /^\s*[),]/.test(code.slice(close + 1, close + 40));
    const typeOnly = TYPE_POSITION_BEFORE.test(code.slice(Math.max(0, at - 80), at));
    return { specifier: literal ? stringAt(quote) : undefined, kind: 'dynamic', typeOnly };
  }
  return undefined;
}

/** `{ type A, type B as C }` imports nothing at run time; `{}` and default or namespace imports do. */
function allNamesAreTypes(clause: string): boolean {
  const trimmed = clause.trim();
  if (!/^\{[\s\S]*\}$/.test(trimmed)) return false;
  const names = trimmed.slice(1, -1).split(',').map((name) => name.trim()).filter(Boolean);
  return names.length > 0 && names.every((name) => /^type\s/.test(name));
}

function sticky(pattern: RegExp, code: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(code);
}

/** Maps an offset to its 1-based line number. */
export function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let k = 0; k < source.length; k++) if (source[k] === '\n') starts.push(k + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/** Lines of `.only(` calls in code (not in comments or strings): `describe.only(`, `it.only(` and the like. */
export function findExclusiveTests(source: string, { code }: MaskedSource = maskSource(source)): number[] {
  const lineOf = lineLocator(source);
  return [...code.matchAll(/\.\s*only\s*\(/g)].map((match) => lineOf(match.index));
}
