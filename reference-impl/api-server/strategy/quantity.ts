/**
 * Kubernetes resource quantities ("100m", "1Gi", "2e3"), held exactly as nano-units in a BigInt
 * so that sums and comparisons never suffer from floating point, and printed back in the
 * canonical form upstream uses in messages.
 */
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value times 10^9, rounded up as upstream rounds sub-nano precision. */
  nanos: bigint;
  format: QuantityFormat;
}

export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) return parseQuantity(String(input));
  if (typeof input !== 'string') return undefined;
  const match = QUANTITY.exec(input.trim());
  if (!match) return undefined;
  const [, number, suffix = ''] = match as unknown as [string, string, string | undefined];
  const negative = number.startsWith('-');
  const digits = number.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = digits.split('.');
  const mantissa = BigInt((whole + fraction) || '0');
  let exp10 = -fraction.length + 9;
  let exp2 = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY_SUFFIX) {
    exp2 = BINARY_SUFFIX[suffix]!;
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIX) {
    exp10 += DECIMAL_SUFFIX[suffix]!;
  } else {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  let value = mantissa * 2n ** BigInt(exp2);
  if (exp10 >= 0) value *= 10n ** BigInt(exp10);
  else {
    const divisor = 10n ** BigInt(-exp10);
    value = (value + divisor - 1n) / divisor;
  }
  return { nanos: negative ? -value : value, format };
}

const NANO = 1_000_000_000n;

/** Canonical text: the largest suffix that keeps an integer (500m, 2, 1500k, 1Gi). */
export function formatQuantity(quantity: Quantity): string {
  const { nanos, format } = quantity;
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI' && magnitude % NANO === 0n) {
    const units = magnitude / NANO;
    const binary = [['Ei', 60], ['Pi', 50], ['Ti', 40], ['Gi', 30], ['Mi', 20], ['Ki', 10]] as const;
    for (const [suffix, exponent] of binary) {
      const unit = 2n ** BigInt(exponent);
      if (units % unit === 0n) return `${sign}${units / unit}${suffix}`;
    }
    if (units < 1024n) return `${sign}${units}`;
  }
  const decimal = [['E', 27], ['P', 24], ['T', 21], ['G', 18], ['M', 15], ['k', 12], ['', 9], ['m', 6], ['u', 3], ['n', 0]] as const;
  for (const [suffix, exponent] of decimal) {
    const unit = 10n ** BigInt(exponent);
    if (magnitude % unit === 0n) return `${sign}${magnitude / unit}${suffix}`;
  }
  return `${sign}${magnitude}n`;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };
