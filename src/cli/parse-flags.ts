import { UsageError } from '../errors.js';

/** --timeout: `90m`, `2h`, `45s`, `1h30m` or plain seconds; returns milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(trimmed);
  if (!match || trimmed === '') throw new UsageError(`${flag} "${text}" is not a duration such as 90m, 2h or 45s`);
  const [, hours, minutes, seconds] = match;
  const ms = ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) * 1000;
  if (ms <= 0) throw new UsageError(`${flag} must be longer than 0s`);
  return ms;
}

export function parsePositiveInt(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`${flag} "${text}" must be a whole number from 1 to ${max}`);
  return value;
}

export function parsePositiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} "${text}" must be a number greater than 0, e.g. 1.5`);
  return value;
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} "${text}" must be one of ${allowed.join(', ')}`);
  return text as T;
}
