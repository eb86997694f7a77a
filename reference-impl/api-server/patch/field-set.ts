/**
 * Sets of field paths, as structured-merge-diff keeps them for managedFields, and their FieldsV1
 * encoding: a tree whose keys are `f:<field>`, `k:<json of list-map keys>`, `v:<json value>`
 * (set members) or `i:<index>`, where `.` marks a node that is itself a member and has children.
 */
import { fieldOf, type FieldType } from '../openapi/model-schema.js';
import { isAtomicStruct, type PatchMetadata } from '../openapi/patch-metadata.js';
import { isObject, type JsonObject } from './patch-error.js';
import { sameValue } from './strategic-merge.js';

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  child(key: string): FieldSet {
    let node = this.children.get(key);
    if (!node) {
      node = new FieldSet();
      this.children.set(key, node);
    }
    return node;
  }

  isEmpty(): boolean {
    return !this.member && [...this.children.values()].every((node) => node.isEmpty());
  }

  /** Member paths, each a list of path elements (keys as in FieldsV1). */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = this.member ? [prefix] : [];
    for (const [key, node] of this.children) out.push(...node.paths([...prefix, key]));
    return out;
  }

  has(path: string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const key of path) {
      node = node.children.get(key);
      if (!node) return false;
    }
    return node.member;
  }

  /** True when the path or anything below it is a member. */
  touches(path: string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const key of path) {
      if (node.member && node !== this) return true;
      node = node.children.get(key);
      if (!node) return false;
    }
    return !node.isEmpty();
  }

  insert(path: string[]): void {
    let node: FieldSet = this;
    for (const key of path) node = node.child(key);
    node.member = true;
  }

  remove(path: string[]): void {
    let node: FieldSet | undefined = this;
    for (const key of path) {
      node = node.children.get(key);
      if (!node) return;
    }
    node.member = false;
  }

  filter(keep: (path: string[]) => boolean): FieldSet {
    const out = new FieldSet();
    for (const path of this.paths()) if (keep(path)) out.insert(path);
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.filter(() => true);
    for (const path of other.paths()) out.insert(path);
    return out;
  }

  minus(other: FieldSet): FieldSet {
    return this.filter((path) => !other.has(path));
  }

  toFieldsV1(): JsonObject {
    const out: JsonObject = {};
    const children = [...this.children.entries()].filter(([, node]) => !node.isEmpty());
    if (this.member && children.length > 0) out['.'] = {};
    for (const [key, node] of children) out[key] = node.toFieldsV1();
    return out;
  }

  static fromFieldsV1(value: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (json: unknown, node: FieldSet) => {
      if (!isObject(json)) return;
      const keys = Object.keys(json);
      if (keys.length === 0) node.member = true;
      for (const key of keys) {
        if (key === '.') node.member = true;
        else walk(json[key], node.child(key));
      }
    };
    for (const [key, json] of Object.entries(isObject(value) ? value : {})) walk(json, set.child(key));
    return set;
  }
}

/** Upstream's printed form of a path: .spec.containers[name="web"].image */
export function pathToString(path: string[]): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const keys = JSON.parse(body) as JsonObject;
          return `[${Object.entries(keys).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

/** The value found at a path, or undefined when the object does not have it. */
export function valueAt(object: unknown, path: string[]): unknown {
  let value: unknown = object;
  for (const element of path) {
    const body = element.slice(2);
    if (element.startsWith('f:')) {
      value = isObject(value) ? value[body] : undefined;
    } else if (!Array.isArray(value)) {
      return undefined;
    } else if (element.startsWith('k:')) {
      const keys = JSON.parse(body) as JsonObject;
      value = value.find((item) => isObject(item) && Object.entries(keys).every(([key, expected]) => sameValue(item[key], expected)));
    } else if (element.startsWith('v:')) {
      const wanted = JSON.parse(body) as unknown;
      value = value.find((item) => sameValue(item, wanted));
    } else {
      value = value[Number(body)];
    }
    if (value === undefined) return undefined;
  }
  return value;
}

export type SetStyle = 'apply' | 'update';

/**
 * The fields an object sets. 'apply' style lists leaves, list items and empty maps (what an
 * applier owns); 'update' style also marks map-typed fields themselves, the way updates record them.
 */
export function fieldSetOf(object: JsonObject, model: string | undefined, style: SetStyle): FieldSet {
  const set = new FieldSet();
  walkObject(object, model ? { kind: 'model', model } : undefined, [], set, style);
  return set;
}

function walkObject(value: JsonObject, type: FieldType | undefined, path: string[], set: FieldSet, style: SetStyle): void {
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, `f:${key}`];
    let childType: FieldType | undefined;
    let meta: PatchMetadata = {};
    if (type?.kind === 'model') {
      const field = fieldOf(type.model, key);
      childType = field?.type;
      meta = field?.patch ?? {};
    } else if (type?.kind === 'map') {
      childType = type.value;
    }
    walkValue(child, childType, meta, childPath, set, style);
  }
}

function walkValue(value: unknown, type: FieldType | undefined, meta: PatchMetadata, path: string[], set: FieldSet, style: SetStyle): void {
  if (Array.isArray(value)) {
    walkList(value, type?.kind === 'list' ? type.item : undefined, meta, path, set, style);
    return;
  }
  if (!isObject(value)) {
    set.insert(path);
    return;
  }
  const atomic = meta.mapType === 'atomic' || (type?.kind === 'model' && isAtomicStruct(type.model));
  if (atomic || Object.keys(value).length === 0) {
    set.insert(path);
    return;
  }
  if (style === 'update' && type?.kind !== 'model') set.insert(path);
  walkObject(value, type, path, set, style);
}

function walkList(items: unknown[], itemType: FieldType | undefined, meta: PatchMetadata, path: string[], set: FieldSet, style: SetStyle): void {
  if (meta.listType === 'set') {
    for (const item of items) set.insert([...path, `v:${JSON.stringify(item)}`]);
    return;
  }
  if (meta.listType !== 'map' || !meta.listMapKeys || items.length === 0) {
    set.insert(path);
    return;
  }
  for (const item of items) {
    if (!isObject(item)) continue;
    const keys: JsonObject = {};
    // Upstream encodes the key fields in sorted order.
    for (const key of [...meta.listMapKeys].sort()) if (item[key] !== undefined) keys[key] = item[key];
    const itemPath = [...path, `k:${JSON.stringify(keys)}`];
    set.insert(itemPath);
    walkObject(item, itemType, itemPath, set, style);
  }
}
