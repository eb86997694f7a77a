import { readFileSync } from 'node:fs';

/** kcert's own version, from package.json (reports name it next to the target's version). */
export const KCERT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
