/**
 * Blanks out everything in a TypeScript source that is not code, so that a plain regular
 * expression can look for import statements without being fooled by text that only looks like
 * one: comments, template literals (inline suites and worker sources are written as templates)
 * and regex literals become spaces; string literals keep their quotes, their contents become
 * spaces and their values are kept in a table by the offset of the opening quote.
 *
 * The output has the same length and the same line breaks as the input, so an offset found in
 * the masked code is an offset (and a line) in the original.
 */
export interface MaskedSource {
  /** The source with comments, template text, regex bodies and string contents blanked. */
  code: string;
  /** Value of each single- or double-quoted string literal, keyed by the offset of its opening quote. */
  strings: ReadonlyMap<number, string>;
  /**
   * False when the scan lost step with the code: it ended inside a comment or template, or with
   * braces unbalanced. Valid TypeScript always ends in step, so false means a construct this
   * scanner misreads, and the imports it found for the file cannot be trusted.
   */
  inStep: boolean;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);
/** Punctuation after which a `/` starts a regular expression. `)` and `]` end an operand, so they are missing here. */
const REGEX_AFTER_CHAR = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

export function maskSource(source: string): MaskedSource {
  const out = source.split('');
  const strings = new Map<number, string>();
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  /** For each open `${`, the brace depth at which its closing `}` resumes the template text. */
  const templateResume: number[] = [];
  let braceDepth = 0;
  /** What came last in code: '' at start, a punctuation char, or 'word:<identifier>' / 'operand'. */
  let previous = '';
  let i = 0;
  let unterminated = false;

  /** Blanks template text from `from` until the closing backtick or a `${`; returns where code resumes. */
  const scanTemplate = (from: number): number => {
    let k = from;
    while (k < source.length) {
      const c = source[k];
      if (c === '\\') { k += 2; continue; }
      if (c === '`') { blank(from, k); previous = 'operand'; return k + 1; }
      if (c === '$' && source[k + 1] === '{') {
        blank(from, k);
        templateResume.push(braceDepth);
        braceDepth++;
        previous = '{';
        return k + 2;
      }
      k++;
    }
    blank(from, k);
    unterminated = true;
    return k;
  };

  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) unterminated = true;
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = endOfString(source, i);
      strings.set(i, unescape(source.slice(i + 1, end - 1)));
      blank(i + 1, end - 1);
      previous = 'operand';
      i = end;
      continue;
    }
    if (c === '`') {
      i = scanTemplate(i + 1);
      continue;
    }
    if (c === '{') {
      braceDepth++;
    } else if (c === '}') {
      braceDepth--;
      if (templateResume.length > 0 && templateResume[templateResume.length - 1] === braceDepth) {
        templateResume.pop();
        i = scanTemplate(i + 1);
        continue;
      }
    } else if (c === '/' && regexMayStart(previous)) {
      const end = endOfRegex(source, i);
      if (end !== -1) {
        blank(i + 1, end);
        previous = 'operand';
        i = end;
        continue;
      }
    }
    if (/[\w$]/.test(c)) {
      const word = /^[\w$]+/.exec(source.slice(i, i + 64))![0];
      previous = /^\d/.test(word) ? 'operand' : `word:${word}`;
      i += word.length;
      continue;
    }
    if (!/\s/.test(c)) previous = c === ')' || c === ']' ? 'operand' : c;
    i++;
  }
  return { code: out.join(''), strings, inStep: !unterminated && braceDepth === 0 && templateResume.length === 0 };
}

function regexMayStart(previous: string): boolean {
  if (previous === '') return true;
  if (previous.startsWith('word:')) return REGEX_AFTER_WORD.has(previous.slice(5));
  return REGEX_AFTER_CHAR.has(previous);
}

/** Offset just after the closing quote of the string opening at `start` (or at the end of the line if unterminated). */
function endOfString(source: string, start: number): number {
  const quote = source[start];
  let k = start + 1;
  while (k < source.length) {
    const c = source[k];
    if (c === '\\') { k += 2; continue; }
    if (c === quote) return k + 1;
    if (c === '\n') return k;
    k++;
  }
  return k;
}

/** Offset just after a regex literal opening at `start` (its flags included), or -1 if the line holds none. */
function endOfRegex(source: string, start: number): number {
  let k = start + 1;
  let inClass = false;
  while (k < source.length) {
    const c = source[k];
    if (c === '\n') return -1;
    if (c === '\\') { k += 2; continue; }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      k++;
      while (k < source.length && /[a-z]/i.test(source[k])) k++;
      return k;
    }
    k++;
  }
  return -1;
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}
