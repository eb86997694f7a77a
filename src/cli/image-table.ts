import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError, UsageError } from '../errors.js';
import { IMAGES, overrideImages, remapImages, type ImageTable } from '../framework/images.js';

export interface ImageFlags {
  /** --image-repository REPO: every pullable image moves to REPO, keeping its name and tag. */
  imageRepository?: string;
  /** --images-file FILE: YAML or JSON mapping image names (see `kcert images`) to references; applied last. */
  imagesFile?: string;
}

/** The image table a run uses, after the air-gap remapping flags. */
export function resolveImages(flags: ImageFlags): ImageTable {
  let table: ImageTable = IMAGES;
  if (flags.imageRepository !== undefined) {
    if (!/^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)*\/?$/i.test(flags.imageRepository)) {
      throw new UsageError(`--image-repository "${flags.imageRepository}" is not a registry path such as mirror.example.com/k8s`);
    }
    table = remapImages(flags.imageRepository, table);
  }
  if (flags.imagesFile !== undefined) table = applyImagesFile(flags.imagesFile, table);
  return table;
}

function applyImagesFile(path: string, table: ImageTable): ImageTable {
  let overrides: unknown;
  try {
    overrides = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read images file ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides) || Object.values(overrides).some((value) => typeof value !== 'string')) {
    throw new ConfigError(`images file ${path} must map image names to references, e.g. "agnhost: mirror.local/agnhost:2.63.0"`);
  }
  try {
    return overrideImages(overrides as Record<string, string>, table);
  } catch (error) {
    throw new ConfigError(`images file ${path}: ${(error as Error).message}`);
  }
}

export function formatImages(table: ImageTable, format: 'table' | 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(table, null, 2)}\n`;
  if (format === 'yaml') return Object.entries(table).map(([name, reference]) => `${name}: ${reference}\n`).join('');
  const width = Math.max(...Object.keys(table).map((name) => name.length));
  return Object.entries(table).map(([name, reference]) => `${name.padEnd(width)}  ${reference}\n`).join('');
}
