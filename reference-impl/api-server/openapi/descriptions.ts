/**
 * Field descriptions and required fields for `kubectl explain`, read from the JSDoc comments and
 * optional markers of client-node's generated declaration files (one file per model), lazily.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ModelDocs {
  description: string;
  fields: Map<string, string>;
  required: string[];
}

const modelsDir = join(dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')), 'gen', 'models');
const cache = new Map<string, ModelDocs>();

const EMPTY: ModelDocs = { description: '', fields: new Map(), required: [] };

export function docsFor(model: string): ModelDocs {
  const cached = cache.get(model);
  if (cached) return cached;
  let docs = EMPTY;
  try {
    docs = parseDeclaration(readFileSync(join(modelsDir, `${model}.d.ts`), 'utf8'));
  } catch {
    // A model without a declaration file simply has no descriptions.
  }
  cache.set(model, docs);
  return docs;
}

function cleanComment(comment: string): string {
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line) => line !== '')
    .join(' ')
    .replace(/\\(["'])/g, '$1')
    .trim();
}

export function parseDeclaration(text: string): ModelDocs {
  const classStart = text.indexOf('export declare class');
  const before = text.slice(0, classStart);
  const classComment = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(before);
  const description = classComment && !classComment[1]!.includes('Do not edit the class manually') ? cleanComment(classComment[1]!) : '';
  const fields = new Map<string, string>();
  const required: string[] = [];
  const body = text.slice(classStart);
  const member = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\?)?:/g;
  for (let match = member.exec(body); match; match = member.exec(body)) {
    const [, comment, name, optional] = match;
    if (comment) fields.set(name!, cleanComment(comment));
    if (!optional) required.push(name!);
  }
  return { description, fields, required };
}
