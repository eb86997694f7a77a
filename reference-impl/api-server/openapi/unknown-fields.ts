/**
 * Strict field validation (fieldValidation=Strict|Warn): the fields of a request body its schema
 * does not know, and the fields it names twice, with upstream's paths
 * (spec.template.spec.containers[0].foo). Duplicates are only visible in the raw text, so the
 * body is scanned as text rather than parsed with JSON.parse.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { fieldOf, modelForKind, type FieldType } from './model-schema.js';

export interface FieldProblems {
  unknown: string[];
  duplicate: string[];
  /** Both kinds in document order, already worded: unknown field "spec.foo", duplicate field "spec.replicas". */
  messages: string[];
}

/** Thrown when the text is not JSON; callers turn it into 400 as for any undecodable body. */
export class MalformedJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJsonError';
  }
}

export function findUnknownFields(apiVersion: string, kind: string, rawJsonText: string): FieldProblems {
  const model = modelForKind(apiVersion, kind);
  const problems: FieldProblems = { unknown: [], duplicate: [], messages: [] };
  const scanner = new Scanner(rawJsonText, problems);
  try {
    scanner.value(model ? { kind: 'model', model } : { kind: 'any' }, '');
  } catch (error) {
    if (error instanceof RangeError) throw new MalformedJsonError('invalid JSON: nested too deeply');
    throw error;
  }
  scanner.end();
  return problems;
}

/** The same check for an already parsed body (YAML apply configurations): no duplicates visible. */
export function findUnknownFieldsInObject(apiVersion: string, kind: string, object: unknown): FieldProblems {
  return findUnknownFields(apiVersion, kind, JSON.stringify(object));
}

/**
 * The same check for a YAML body (server-side apply configurations). The YAML is re-written as JSON
 * text with its keys as they stand, so duplicate keys are still seen.
 */
export function findUnknownFieldsInYaml(apiVersion: string, kind: string, yamlText: string): FieldProblems {
  const document = parseDocument(yamlText, { uniqueKeys: false });
  if (document.errors.length > 0) throw new MalformedJsonError(`invalid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
  return findUnknownFields(apiVersion, kind, yamlNodeToJson(document.contents as Node | null, 0));
}

function yamlNodeToJson(node: Node | null, depth: number): string {
  if (depth > 1_000) throw new MalformedJsonError('invalid YAML: nested too deeply');
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) {
    const entries = node.items.map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      return `${JSON.stringify(key)}:${yamlNodeToJson(pair.value as Node | null, depth + 1)}`;
    });
    return `{${entries.join(',')}}`;
  }
  if (isSeq(node)) return `[${node.items.map((item) => yamlNodeToJson(item as Node | null, depth + 1)).join(',')}]`;
  if (isScalar(node)) {
    const value = node.value;
    return value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? 'null' : JSON.stringify(value) ?? 'null';
  }
  return 'null';
}

/** Upstream's wording: `strict decoding error: unknown field "spec.foo", duplicate field "spec.replicas"`. */
export function strictDecodingMessage(problems: FieldProblems): string {
  return `strict decoding error: ${problems.messages.join(', ')}`;
}

/** One Warning header value per problem, as the Warn mode sends them. */
export function fieldWarnings(problems: FieldProblems): string[] {
  return [...problems.messages];
}

class Scanner {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly problems: FieldProblems,
  ) {}

  end(): void {
    this.skipSpace();
    if (this.position !== this.text.length) this.fail('unexpected data after the top-level value');
  }

  value(type: FieldType | undefined, path: string, depth = 0): void {
    // Far deeper than any Kubernetes object nests, and well within the call stack.
    if (depth > 1_000) this.fail('exceeded max depth');
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') this.object(type, path, depth);
    else if (char === '[') this.array(type, path, depth);
    else if (char === '"') this.string();
    else this.literal();
  }

  private object(type: FieldType | undefined, path: string, depth: number): void {
    this.position++;
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.position] === '}') {
      this.position++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.position] !== ':') this.fail('expected ":"');
      this.position++;
      const childPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) {
        this.problems.duplicate.push(childPath);
        this.problems.messages.push(`duplicate field "${childPath}"`);
      }
      seen.add(key);
      let childType: FieldType | undefined;
      if (type?.kind === 'model') {
        const field = fieldOf(type.model, key);
        if (!field) {
          this.problems.unknown.push(childPath);
          this.problems.messages.push(`unknown field "${childPath}"`);
        }
        childType = field?.type;
      } else if (type?.kind === 'map') {
        childType = type.value;
      }
      this.value(childType, childPath, depth + 1);
      this.skipSpace();
      const next = this.text[this.position++];
      if (next === '}') return;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(type: FieldType | undefined, path: string, depth: number): void {
    this.position++;
    this.skipSpace();
    if (this.text[this.position] === ']') {
      this.position++;
      return;
    }
    const itemType = type?.kind === 'list' ? type.item : undefined;
    for (let index = 0; ; index++) {
      this.value(itemType, `${path}[${index}]`, depth + 1);
      this.skipSpace();
      const next = this.text[this.position++];
      if (next === ']') return;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.position;
    this.position++;
    while (this.position < this.text.length) {
      const char = this.text[this.position++];
      if (char === '\\') this.position++;
      else if (char === '"') {
        try {
          return JSON.parse(this.text.slice(start, this.position)) as string;
        } catch {
          this.fail('invalid string');
        }
      }
    }
    this.fail('unterminated string');
  }

  private literal(): void {
    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.position, this.position + 400));
    if (!match) this.fail('invalid value');
    this.position += match[0].length;
  }

  private skipSpace(): void {
    while (this.position < this.text.length && ' \t\r\n'.includes(this.text[this.position]!)) this.position++;
  }

  private fail(why: string): never {
    throw new MalformedJsonError(`invalid JSON at offset ${this.position}: ${why}`);
  }
}
